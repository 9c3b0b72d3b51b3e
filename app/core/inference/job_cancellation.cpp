#include "inference/job_cancellation.h"

namespace glm::app {

quint64 JobCancellation::issue(Kind kind) {
    return slot(kind).lastIssued.fetch_add(1) + 1;
}

void JobCancellation::cancelIssued(Kind kind) {
    Slot& s = slot(kind);
    // Raise the bound first: a job starting between the two stores then sees the bound.
    const quint64 upTo = s.lastIssued.load();
    quint64 seen = s.cancelledUpTo.load();
    while (seen < upTo && !s.cancelledUpTo.compare_exchange_weak(seen, upTo)) {
    }
    s.flag.store(true);
}

const std::atomic<bool>* JobCancellation::begin(Kind kind, quint64 id) {
    Slot& s = slot(kind);
    s.flag.store(false);
    // A stop of this job that came before the reset above already raised the bound.
    if (id <= s.cancelledUpTo.load()) s.flag.store(true);
    return &s.flag;
}

bool JobCancellation::isCancelled(Kind kind, quint64 id) const {
    const Slot& s = slot(kind);
    return id <= s.cancelledUpTo.load();
}

} // namespace glm::app
