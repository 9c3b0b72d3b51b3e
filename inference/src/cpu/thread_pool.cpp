#include "cpu/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

namespace glm::cpu {

namespace {

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#else
    std::this_thread::yield();
#endif
}

// Spins until done() or for about 50 µs, whichever comes first; true when done() became true.
// A forward pass starts its loops microseconds apart: a worker that is still spinning starts
// at once, where one that went to sleep needs the scheduler to wake it (tens of µs on a VM).
// The budget is short so an idle pool costs no CPU.
template <typename Done> bool spin_until(Done done) {
    constexpr auto budget = std::chrono::microseconds(50);
    const auto start = std::chrono::steady_clock::now();
    for (unsigned i = 1;; ++i) {
        if (done()) return true;
        cpu_relax();
        if (i % 64 == 0 && std::chrono::steady_clock::now() - start > budget) return done();
    }
}

} // namespace

ThreadPool::ThreadPool(unsigned threads) {
    threads = std::max(threads, 1u);
    workers_.reserve(threads - 1);
    try {
        for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this] { worker_loop(); });
    } catch (...) { // the system refused a thread: stop the ones already started
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (auto& w : workers_) w.join();
        throw;
    }
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
}

void ThreadPool::worker_loop() {
    uint64_t seen = 0;
    for (;;) {
        if (!spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; })) {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] {
                return stopping_ || generation_.load(std::memory_order_acquire) != seen;
            });
            if (stopping_) return; // the destructor runs only between loops
        }
        seen = generation_.load(std::memory_order_acquire);
        work_on_current_loop();
        if (busy_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            std::lock_guard lock(mutex_); // so run() cannot miss the notification
            done_.notify_one();
        }
    }
}

void ThreadPool::work_on_current_loop() {
    while (!failed_.load(std::memory_order_relaxed)) {
        const size_t task = next_.fetch_add(1, std::memory_order_relaxed);
        if (task >= tasks_) return;
        try {
            (*fn_)(task);
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (!error_) error_ = std::current_exception();
            failed_.store(true, std::memory_order_relaxed);
        }
    }
}

void ThreadPool::run(size_t tasks, const std::function<void(size_t)>& fn) {
    if (tasks == 0) return;
    if (running_.exchange(true, std::memory_order_acquire))
        throw std::logic_error("ThreadPool::run: a loop is already running on this pool (a task "
                               "started another loop, or two threads share the pool)");
    struct Finish {
        std::atomic<bool>& running;
        ~Finish() { running.store(false, std::memory_order_release); }
    } finish{running_};

    if (workers_.empty() || tasks == 1) { // nothing to share: no need to wake anyone
        for (size_t t = 0; t < tasks; ++t) fn(t);
        return;
    }
    {
        std::lock_guard lock(mutex_);
        fn_ = &fn;
        tasks_ = tasks;
        next_.store(0, std::memory_order_relaxed);
        failed_.store(false, std::memory_order_relaxed);
        error_ = nullptr;
        busy_.store(unsigned(workers_.size()), std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    work_on_current_loop();
    if (!spin_until([&] { return busy_.load(std::memory_order_acquire) == 0; })) {
        std::unique_lock lock(mutex_);
        done_.wait(lock, [&] { return busy_.load(std::memory_order_acquire) == 0; });
    }
    std::exception_ptr error;
    {
        std::lock_guard lock(mutex_);
        error = std::exchange(error_, nullptr);
        fn_ = nullptr;
    }
    if (error) std::rethrow_exception(error);
}

void ThreadPool::parallel_for(size_t n, size_t grain,
                              const std::function<void(size_t begin, size_t end)>& fn) {
    if (n == 0) return;
    grain = std::max<size_t>(grain, 1);
    // floor(n / grain) ranges at most, so each (but the last) is at least `grain` long.
    const size_t ranges = std::clamp<size_t>(n / grain, 1, size());
    const size_t length = (n + ranges - 1) / ranges;
    const size_t count = (n + length - 1) / length;
    run(count, [&](size_t i) { fn(i * length, std::min(n, (i + 1) * length)); });
}

} // namespace glm::cpu
