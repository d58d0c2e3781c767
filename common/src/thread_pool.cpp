#include "shop/thread_pool.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace shop {

ThreadPool::ThreadPool(int threads, int nice) {
    for (int i = 0; i < threads; ++i)
        threads_.emplace_back([this, nice] {
            if (nice > 0) setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice);
            Loop();
        });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
}

void ThreadPool::Post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
}

std::size_t ThreadPool::Queued() const {
    std::lock_guard lock(mutex_);
    return tasks_.size();
}

void ThreadPool::Loop() {
    while (true) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        task();
    }
}

}  // namespace shop
