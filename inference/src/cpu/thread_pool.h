// A persistent pool of worker threads for the CPU backend: started once per device, woken for
// every parallel loop (a decode step runs hundreds of them, so no thread is created per loop).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace glm::cpu {

class ThreadPool {
public:
    // `threads` counts the calling thread, which takes part in every loop (1: no workers).
    explicit ThreadPool(unsigned threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    unsigned size() const { return unsigned(workers_.size()) + 1; }

    // Calls fn(task) for every task in [0, tasks), spread over the threads; returns when all
    // are done. The first exception a task throws is rethrown here (tasks not yet started then
    // do not run). Not reentrant: one loop at a time per pool (callers serialise; a task that
    // starts another loop on this pool gets std::logic_error).
    void run(size_t tasks, const std::function<void(size_t task)>& fn);
    // Splits [0, n) into contiguous ranges, at most one per thread and each at least `grain`
    // long (the last may be shorter), and calls fn(begin, end) for each.
    void parallel_for(size_t n, size_t grain,
                      const std::function<void(size_t begin, size_t end)>& fn);

private:
    void worker_loop();
    void work_on_current_loop();

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    // The current loop: written by run() before it publishes a new generation_, read by the
    // workers after they see it (release/acquire on generation_ orders the two).
    const std::function<void(size_t)>* fn_ = nullptr;
    size_t tasks_ = 0;
    std::atomic<size_t> next_{0};         // the next task to hand out
    std::atomic<uint64_t> generation_{0}; // one step per loop: wakes each worker once
    std::atomic<unsigned> busy_{0};       // workers not yet done with the current loop
    std::atomic<bool> failed_{false};     // a task threw: hand out no more
    std::atomic<bool> running_{false};    // a loop is in progress (catches reentrant use)
    bool stopping_ = false;               // guarded by mutex_
    std::exception_ptr error_;            // guarded by mutex_
};

} // namespace glm::cpu
