-- Analytics read a period through this covering index alone (no document pages): every column the figures need.
CREATE INDEX orders_analytics ON orders (order_date, deleted_at, status, total_paise, refund_paise);
