// A fixed pool of worker threads for blocking work (bcrypt), so I/O threads never wait on it.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace shop {

class ThreadPool {
public:
    // `nice` > 0 lowers the workers' CPU priority so request threads win when both want the core.
    explicit ThreadPool(int threads, int nice = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;
    void Post(std::function<void()> task);
    std::size_t Queued() const;

private:
    void Loop();
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> tasks_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

}  // namespace shop
