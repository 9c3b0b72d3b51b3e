#include "convert/worker_pool.h"

#include <algorithm>

namespace glm {

WorkerPool::WorkerPool(unsigned threads) {
    if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work(i); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    start_.notify_all();
    for (auto& t : workers_) t.join();
}

void WorkerPool::work(unsigned index) {
    uint64_t seen = 0;
    while (true) {
        const std::function<void(unsigned)>* job;
        {
            std::unique_lock lock(mutex_);
            start_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            job = job_;
        }
        std::exception_ptr error;
        try {
            (*job)(index);
        } catch (...) {
            error = std::current_exception();
        }
        std::lock_guard lock(mutex_);
        if (error && !error_) error_ = error;
        if (--pending_ == 0) done_.notify_one();
    }
}

void WorkerPool::run(const std::function<void(unsigned)>& part) {
    if (workers_.empty()) {
        part(0);
        return;
    }
    {
        std::lock_guard lock(mutex_);
        job_ = &part;
        pending_ = unsigned(workers_.size());
        error_ = nullptr;
        ++generation_;
    }
    start_.notify_all();
    std::exception_ptr mine;
    try {
        part(0);
    } catch (...) {
        mine = std::current_exception();
    }
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return pending_ == 0; });
    if (mine) std::rethrow_exception(mine);
    if (error_) std::rethrow_exception(error_);
}

} // namespace glm
