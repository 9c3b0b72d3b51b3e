// JobCancellation: a stop reaches the job that runs and the ones waiting, never a later one,
// and is not lost when it comes just before the job starts.
#include "inference/job_cancellation.h"

#include <QtTest>
#include <thread>

using glm::app::JobCancellation;
using Kind = JobCancellation::Kind;

class TestJobCancellation : public QObject {
    Q_OBJECT
private slots:
    void stopReachesRunningAndQueuedJobs() {
        JobCancellation c;
        const quint64 a = c.issue(Kind::Generation);
        const auto* flag = c.begin(Kind::Generation, a);
        const quint64 b = c.issue(Kind::Generation); // queued behind a
        QVERIFY(!flag->load());
        c.cancelIssued(Kind::Generation);
        QVERIFY(flag->load());
        QVERIFY(c.begin(Kind::Generation, b)->load()); // b starts already stopped
        const quint64 next = c.issue(Kind::Generation);
        QVERIFY(!c.begin(Kind::Generation, next)->load()); // a later job is not affected
        QVERIFY(!c.isCancelled(Kind::Generation, next));
    }

    void stopBeforeStartIsNotLost() {
        JobCancellation c;
        const quint64 id = c.issue(Kind::Generation);
        c.cancelIssued(Kind::Generation);
        QVERIFY(c.begin(Kind::Generation, id)->load());
    }

    void kindsAreIndependent() {
        JobCancellation c;
        const quint64 load = c.issue(Kind::Load);
        const quint64 gen = c.issue(Kind::Generation);
        c.cancelIssued(Kind::Generation);
        QVERIFY(!c.begin(Kind::Load, load)->load());
        QVERIFY(c.begin(Kind::Generation, gen)->load());
    }

    // A worker starting jobs while the UI thread stops them: every stop issued after a job was
    // issued reaches it.
    void concurrentStops() {
        JobCancellation c;
        for (int round = 0; round < 2000; ++round) {
            const quint64 id = c.issue(Kind::Generation);
            bool seen = false;
            std::thread worker([&] {
                const auto* flag = c.begin(Kind::Generation, id);
                while (!flag->load()) std::this_thread::yield();
                seen = true;
            });
            c.cancelIssued(Kind::Generation);
            worker.join();
            QVERIFY(seen);
        }
    }
};

QTEST_GUILESS_MAIN(TestJobCancellation)
#include "tst_job_cancellation.moc"
