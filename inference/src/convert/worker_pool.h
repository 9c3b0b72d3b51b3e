// A fixed set of threads that run the parts of one job at a time (the converter splits each
// chunk of a tensor across them). The calling thread works too; an exception in any part is
// rethrown to the caller after all parts finished.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace glm {

class WorkerPool {
public:
    // `threads` in all, the caller included (0: the machine's hardware threads, at most 8).
    explicit WorkerPool(unsigned threads = 0);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    unsigned size() const { return unsigned(workers_.size()) + 1; }
    // Runs part(0) .. part(size() - 1) in parallel and waits for all of them.
    void run(const std::function<void(unsigned part)>& part);

private:
    void work(unsigned index);

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable start_, done_;
    const std::function<void(unsigned)>* job_ = nullptr;
    uint64_t generation_ = 0;
    unsigned pending_ = 0;
    bool stop_ = false;
    std::exception_ptr error_;
};

} // namespace glm
