// Stop flags shared by the UI thread and the inference thread. Stopping must not wait in the
// worker's queue behind the very generation it should end, so it is not a message: the UI thread
// sets an atomic that the engine checks between tokens (and the loader between weight chunks).
//
// Jobs are numbered by the UI side in the order it issues them. "Stop" means: stop every job of
// that kind issued up to now, including one still waiting in the queue; a job issued later is not
// affected. That closes the race where a stale flag would cancel the next reply, or a reset on
// start would lose a stop pressed just before the job began. issue() and cancelIssued() belong
// to one thread (the UI thread); begin() and isCancelled() to the worker.
#pragma once

#include <QtGlobal>
#include <atomic>

namespace glm::app {

class JobCancellation {
public:
    enum class Kind { Load, Generation };

    // UI side: the id for a new job of this kind.
    quint64 issue(Kind kind);
    // Any thread: cancels every job of this kind issued so far.
    void cancelIssued(Kind kind);

    // Worker side, when job `id` starts: the flag the engine polls for it.
    const std::atomic<bool>* begin(Kind kind, quint64 id);
    bool isCancelled(Kind kind, quint64 id) const;

private:
    struct Slot {
        std::atomic<quint64> lastIssued{0};
        std::atomic<quint64> cancelledUpTo{0};
        std::atomic<bool> flag{false};
    };
    Slot& slot(Kind kind) { return kind == Kind::Load ? load_ : generation_; }
    const Slot& slot(Kind kind) const { return kind == Kind::Load ? load_ : generation_; }

    Slot load_;
    Slot generation_;
};

} // namespace glm::app
