// The Vulkan runtime on the machine's device (lavapipe here): enumeration, buffers split across
// the descriptor-range limit, specialization constants, barriers, pipeline cache, error paths.
#include "glm/error.h"
#include "vulkan/command_recorder.h"
#include "vulkan/instance.h"
#include "vulkan/pipeline.h"
#include "vulkan_test_support.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <numeric>

using namespace glm;
using namespace glm::vk;

namespace {

PipelineDesc affine_desc(uint32_t workgroup, uint32_t offset) {
    PipelineDesc d;
    d.shader = "test_affine";
    d.bindings = 2;
    d.push_constant_bytes = 8;
    d.workgroup[0] = workgroup;
    d.constants = {offset};
    return d;
}

struct AffinePush {
    uint32_t count, scale;
};

// y = x * scale + offset over `count` uint32 values, as a 2D grid of workgroups.
void record_affine(CommandRecorder& rec, const Pipeline& p, const BufferView& x,
                   const BufferView& y, uint32_t count, uint32_t scale) {
    AffinePush push{count, scale};
    const uint32_t wg = p.desc().workgroup[0];
    uint32_t groups = (count + wg - 1) / wg;
    uint32_t gx = std::min<uint32_t>(groups, 65535), gy = (groups + gx - 1) / gx;
    rec.dispatch(p, {in(x), out(y)}, &push, sizeof push, gx, gy);
}

} // namespace

class TestVulkanRuntime : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { GLM_VERIFY_NO_VALIDATION_ERRORS(); }

    void enumeratesDevices() {
        const auto& devices = test::engine().devices();
        QVERIFY(!devices.empty());
        const DeviceInfo& d = test::gpu().info();
        QVERIFY(d.usable);
        QVERIFY(!d.name.empty());
        QVERIFY(!d.driver_name.empty());
        QVERIFY(d.limits.max_storage_buffer_range >= (1u << 27) ||
                d.limits.max_storage_buffer_range >= 65536);
        QVERIFY(d.features.subgroup_size >= 1);
        QVERIFY(!d.heaps.empty());
        for (const auto& info : devices)
            if (QString::fromStdString(info.name).contains("llvmpipe")) {
                // lavapipe: the limits the project plans around
                QCOMPARE(info.type, DeviceType::Cpu);
                QCOMPARE(info.limits.max_storage_buffer_range, uint64_t(128) << 20);
                QCOMPARE(info.limits.max_compute_shared_memory_size, 32768u);
            }
    }

    void smallBufferRoundTrip() {
        auto& dev = test::device();
        std::vector<uint32_t> data(1000);
        std::iota(data.begin(), data.end(), 17u);
        Buffer b = dev.allocator().allocate(data.size() * 4, MemoryUsage::DeviceLocal, "test data");
        dev.upload(b, 0, data.data(), data.size() * 4);
        std::vector<uint32_t> back(data.size());
        dev.download(b, 0, back.data(), back.size() * 4);
        QCOMPARE(back, data);
        // partial ranges at an offset
        uint32_t patch[3] = {1, 2, 3};
        dev.upload(b, 40, patch, sizeof patch);
        uint32_t got[5];
        dev.download(b, 36, got, sizeof got);
        QCOMPARE(got[0], 26u);
        QCOMPARE(got[1], 1u);
        QCOMPARE(got[3], 3u);
        QCOMPARE(got[4], 30u);
    }

    // A tensor larger than maxStorageBufferRange is split into row chunks; every chunk is bound
    // and processed by a kernel, and the values across the boundary survive the round trip.
    void splitBufferAcrossRangeLimit() {
        auto& dev = test::device();
        const uint64_t limit = dev.allocator().max_buffer_bytes();
        const uint64_t row_bytes = 4096;
        // Over the real limit on lavapipe (128 MiB); on big GPUs force 64 MiB chunks instead.
        const uint64_t chunk_cap = limit <= (128ull << 20) ? limit : (64ull << 20);
        const uint64_t rows = chunk_cap / row_bytes + 333;
        SplitBuffer x(dev.allocator(), rows, row_bytes, MemoryUsage::DeviceLocal, "split x", 64,
                      chunk_cap);
        SplitBuffer y(dev.allocator(), rows, row_bytes, MemoryUsage::DeviceLocal, "split y", 64,
                      chunk_cap);
        QVERIFY(x.chunks().size() >= 2);
        QVERIFY(x.bytes() > chunk_cap);
        if (limit == (128ull << 20)) QVERIFY(x.bytes() > limit); // really over lavapipe's limit

        const uint32_t per_row = row_bytes / 4;
        for (const auto& c : x.chunks()) {
            QVERIFY(c.buffer.size() <= limit);
            std::vector<uint32_t> v(c.rows * per_row);
            for (size_t i = 0; i < v.size(); ++i) v[i] = uint32_t(c.first_row * per_row + i);
            dev.upload(c.buffer, 0, v.data(), v.size() * 4);
        }
        const Pipeline& p = dev.pipeline(affine_desc(64, 5));
        CommandRecorder rec(dev);
        rec.begin();
        for (size_t i = 0; i < x.chunks().size(); ++i)
            record_affine(rec, p, x.chunks()[i].buffer.view(), y.chunks()[i].buffer.view(),
                          uint32_t(x.chunks()[i].rows * per_row), 3);
        rec.end();
        rec.submit_and_wait();
        QCOMPARE(rec.barrier_count(), 0u); // the chunks are independent

        // Read back around the chunk boundary and at both ends.
        const RowChunk& first = y.chunks()[0];
        const RowChunk& second = y.chunks()[1];
        std::vector<uint32_t> tail(per_row), head(per_row);
        dev.download(first.buffer, (first.rows - 1) * row_bytes, tail.data(), row_bytes);
        dev.download(second.buffer, 0, head.data(), row_bytes);
        for (uint32_t i = 0; i < per_row; ++i) {
            QCOMPARE(tail[i], uint32_t(((first.rows - 1) * per_row + i) * 3 + 5));
            QCOMPARE(head[i], uint32_t((second.first_row * per_row + i) * 3 + 5));
        }
        const RowChunk& last = y.chunks().back();
        std::vector<uint32_t> end(per_row);
        dev.download(last.buffer, (last.rows - 1) * row_bytes, end.data(), row_bytes);
        QCOMPARE(end.back(), uint32_t((rows * per_row - 1) * 3 + 5));
        QCOMPARE(&y.chunk_of(rows - 1), &y.chunks().back());
    }

    void specializationConstantsAndWorkgroupSizes() {
        auto& dev = test::device();
        const uint32_t n = 1000; // not a multiple of any workgroup size used
        std::vector<uint32_t> xs(n);
        std::iota(xs.begin(), xs.end(), 0u);
        Buffer x = dev.allocator().allocate(n * 4, MemoryUsage::DeviceLocal, "x");
        Buffer y = dev.allocator().allocate(n * 4, MemoryUsage::DeviceLocal, "y");
        dev.upload(x, 0, xs.data(), n * 4);
        for (uint32_t wg : {dev.info().features.subgroup_size, 64u, 256u}) {
            for (uint32_t offset : {0u, 7u, 1000000u}) {
                const Pipeline& p = dev.pipeline(affine_desc(wg, offset));
                CommandRecorder rec(dev);
                rec.begin();
                record_affine(rec, p, x.view(), y.view(), n, 2);
                rec.end();
                rec.submit_and_wait();
                std::vector<uint32_t> ys(n);
                dev.download(y, 0, ys.data(), n * 4);
                for (uint32_t i = 0; i < n; ++i)
                    if (ys[i] != i * 2 + offset)
                        QFAIL(qPrintable(QString("wg %1 offset %2 i %3: %4")
                                             .arg(wg)
                                             .arg(offset)
                                             .arg(i)
                                             .arg(ys[i])));
            }
        }
    }

    void barriersFollowDependenciesAndReplayWorks() {
        auto& dev = test::device();
        const uint32_t n = 4096;
        std::vector<uint32_t> ones(n, 1);
        Buffer a = dev.allocator().allocate(n * 4, MemoryUsage::DeviceLocal, "a");
        Buffer b = dev.allocator().allocate(n * 4, MemoryUsage::DeviceLocal, "b");
        Buffer c = dev.allocator().allocate(n * 4, MemoryUsage::DeviceLocal, "c");
        dev.upload(a, 0, ones.data(), n * 4);
        const Pipeline& add1 = dev.pipeline(affine_desc(64, 1));
        CommandRecorder rec(dev, true);
        rec.begin();
        record_affine(rec, add1, a.view(), b.view(), n, 1); // b = a + 1
        record_affine(rec, add1, b.view(), c.view(), n, 2); // c = 2b + 1: reads b -> barrier
        record_affine(rec, add1, c.view(), a.view(), n, 1); // a = c + 1: reads c -> barrier
        rec.end();
        QCOMPARE(rec.dispatch_count(), 3u);
        QCOMPARE(rec.barrier_count(), 2u);
        // Replaying the same command buffer continues from the previous results.
        rec.submit_and_wait(); // a: 1 -> 2*2+1+1 = 6
        rec.submit_and_wait(); // a: 6 -> 2*7+1+1 = 16
        std::vector<uint32_t> got(n);
        dev.download(a, 0, got.data(), n * 4);
        QCOMPARE(got[0], 16u);
        QCOMPARE(got[n - 1], 16u);
        if (dev.timestamps_supported()) {
            auto times = rec.kernel_times();
            QCOMPARE(times.size(), size_t(3));
            QCOMPARE(QString::fromStdString(times[0].label), QString("test_affine"));
            for (auto& t : times) QVERIFY(t.ms >= 0);
        }
    }

    void pipelineCacheIsReusedAndRecoversFromCorruption() {
        QTemporaryDir dir;
        const std::string cache_dir = dir.path().toStdString();
        auto& instance = EngineInternals::instance(test::engine());
        const DeviceInfo& info = test::gpu().info();
        std::filesystem::path file;
        {
            Device dev(instance, info, DeviceOptions{cache_dir});
            QVERIFY(!dev.pipeline_cache().loaded_from_disk());
            dev.pipeline(affine_desc(64, 3));
            file = dev.pipeline_cache().file();
        }
        QVERIFY(std::filesystem::exists(file));
        const auto good_size = std::filesystem::file_size(file);
        QVERIFY(good_size > 64);
        {
            Device dev(instance, info, DeviceOptions{cache_dir});
            QVERIFY(dev.pipeline_cache().loaded_from_disk());
        }
        // Corruptions: garbage, truncation, one flipped payload byte. Each is ignored (the
        // device still works) and the file is rewritten valid.
        auto corruptions = {std::string("garbage"), std::string("truncate"), std::string("flip")};
        for (const auto& how : corruptions) {
            {
                std::vector<char> bytes(good_size);
                std::ifstream(file, std::ios::binary)
                    .read(bytes.data(), std::streamsize(bytes.size()));
                if (how == "garbage") std::fill(bytes.begin(), bytes.end(), char(0x5a));
                if (how == "truncate") bytes.resize(bytes.size() / 2);
                if (how == "flip") bytes.back() ^= 0x40;
                std::ofstream(file, std::ios::binary | std::ios::trunc)
                    .write(bytes.data(), std::streamsize(bytes.size()));
            }
            {
                Device dev(instance, info, DeviceOptions{cache_dir});
                QVERIFY2(!dev.pipeline_cache().loaded_from_disk(), how.c_str());
                QVERIFY(!dev.pipeline_cache().load_note().empty());
                dev.pipeline(affine_desc(64, 3)); // still works
            }
            Device dev(instance, info, DeviceOptions{cache_dir});
            QVERIFY2(dev.pipeline_cache().loaded_from_disk(), how.c_str());
        }
    }

    void errorsAreValuesNotCrashes() {
        auto& dev = test::device();
        // More than the device-local heap: a clear out-of-memory error before anything is
        // allocated.
        const uint64_t heap = dev.allocator().stats().device_local_heap_size;
        try {
            SplitBuffer huge(dev.allocator(), heap / 4096 + 1024, 4096, MemoryUsage::DeviceLocal,
                             "a huge tensor");
            QFAIL("expected an out-of-memory error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::OutOfDeviceMemory);
            QVERIFY(QString(e.what()).contains("a huge tensor"));
            QVERIFY(QString(e.what()).contains("GiB"));
        }
        // One buffer over the binding limit is refused with the reason.
        try {
            dev.allocator().allocate(dev.allocator().max_buffer_bytes() + 4096,
                                     MemoryUsage::DeviceLocal, "one big buffer");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidArgument);
        }
        PipelineDesc bad;
        bad.shader = "no_such_shader";
        QVERIFY_THROWS_EXCEPTION(Error, dev.pipeline(bad));
        // Wrong binding count is caught before reaching the driver.
        const Pipeline& p = dev.pipeline(affine_desc(64, 0));
        Buffer x = dev.allocator().allocate(256, MemoryUsage::DeviceLocal, "x");
        CommandRecorder rec(dev);
        rec.begin();
        AffinePush push{64, 1};
        QVERIFY_THROWS_EXCEPTION(Error, rec.dispatch(p, {in(x.view())}, &push, sizeof push, 1));
        rec.end();
    }

    // Handle destroys what it holds exactly once: on a device of its own, whose destruction the
    // validation layer checks for objects left alive (a leak) as it checks every destroy call
    // (a double destroy), both counted by cleanup().
    void handlesDestroyWhatTheyHoldOnce() {
        auto& instance = EngineInternals::instance(test::engine());
        const DeviceInfo& info = test::gpu().info();
        Device own(instance, info, DeviceOptions{"-"});
        const VkDevice d = own.handle();
        VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        auto make = [&](Handle<VkFence>& h) {
            h.create(d, "a test fence",
                     [&](VkFence* made) { return vkCreateFence(d, &fci, nullptr, made); });
        };
        Handle<VkFence> a;
        QVERIFY(!a);
        make(a);
        QVERIFY(bool(a));
        const VkFence first = a.get();
        Handle<VkFence> b(std::move(a)); // moves ownership, nothing destroyed
        QVERIFY(!a);
        QCOMPARE(b.get(), first);
        Handle<VkFence> c;
        make(c);
        c = std::move(b); // c's own fence is destroyed, the first moves in
        QVERIFY(!b);
        QCOMPARE(c.get(), first);
        // A failed create throws the error and keeps what was held.
        try {
            c.create(d, "a fence that fails", [](VkFence*) { return VK_ERROR_OUT_OF_HOST_MEMORY; });
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("a fence that fails"));
        }
        QCOMPARE(c.get(), first);
        make(c); // replaces (and destroys) the first
        QVERIFY(c.get() != VK_NULL_HANDLE);
        Handle<VkFence> kept;
        make(kept); // goes with the scope
    }

    void memoryIsReturned() {
        auto& dev = test::device();
        const uint64_t before = dev.allocator().stats().device_local_bytes;
        {
            Buffer a = dev.allocator().allocate(1 << 20, MemoryUsage::DeviceLocal, "a");
            Buffer b = dev.allocator().allocate(3 << 20, MemoryUsage::DeviceLocal, "b");
            QVERIFY(dev.allocator().stats().device_local_bytes > before);
            Buffer moved = std::move(a);
            QVERIFY(!a);
            QVERIFY(moved);
        }
        QCOMPARE(dev.allocator().stats().device_local_bytes, before);
    }
};

QTEST_GUILESS_MAIN(TestVulkanRuntime)
#include "tst_vulkan_runtime.moc"
