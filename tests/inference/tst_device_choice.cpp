// Device choice rules on synthetic device lists (no Vulkan needed).
#include "glm/device.h"
#include "glm/error.h"

#include <QtTest>
#include <cstdlib>

using namespace glm;

namespace {
DeviceInfo make(uint32_t index, const char* name, DeviceType type, uint64_t vram,
                bool usable = true) {
    DeviceInfo d;
    d.index = index;
    d.name = name;
    d.type = type;
    d.heaps.push_back({vram, true});
    d.usable = usable;
    if (!usable) d.unusable_reason = "has no compute queue";
    return d;
}
} // namespace

class TestDeviceChoice : public QObject {
    Q_OBJECT
private slots:
    void init() { unsetenv("GLM_DEVICE"); }

    void prefersDiscreteThenIntegratedThenCpu() {
        std::vector<DeviceInfo> ds = {
            make(0, "llvmpipe", DeviceType::Cpu, 1ull << 34),
            make(1, "Intel UHD", DeviceType::IntegratedGpu, 1ull << 31),
            make(2, "NVIDIA RTX 4090", DeviceType::DiscreteGpu, 24ull << 30)};
        QCOMPARE(choose_device(ds).index, 2u);
        ds.pop_back();
        QCOMPARE(choose_device(ds).index, 1u);
        ds.pop_back();
        QCOMPARE(choose_device(ds).index, 0u);
    }

    // The engine's CPU backend is always in the list (after the Vulkan devices): any GPU wins over
    // it, and it wins over a Vulkan CPU driver, which runs the same cores several times slower.
    void cpuBackendAfterGpusBeforeVulkanCpuDrivers() {
        DeviceInfo cpu = make(3, "CPU (Test CPU)", DeviceType::Cpu, 16ull << 30);
        cpu.backend = DeviceBackend::Cpu;
        std::vector<DeviceInfo> ds = {
            make(0, "llvmpipe", DeviceType::Cpu, 1ull << 34),
            make(1, "Intel UHD", DeviceType::IntegratedGpu, 1ull << 31),
            make(2, "NVIDIA RTX 4090", DeviceType::DiscreteGpu, 24ull << 30), cpu};
        QCOMPARE(choose_device(ds).index, 2u);
        ds.erase(ds.begin() + 2);
        QCOMPARE(choose_device(ds).index, 1u);
        ds.erase(ds.begin() + 1);
        QCOMPARE(choose_device(ds).index, 3u);           // not lavapipe
        QCOMPARE(choose_device(ds, "vulkan").index, 0u); // the best Vulkan device, CPU drivers too
        QCOMPARE(choose_device(ds, "CPU").index, 3u);    // the backend, not a name containing it
        setenv("GLM_DEVICE", "cpu", 1);
        QCOMPARE(choose_device(ds).index, 3u);
        setenv("GLM_DEVICE", "vulkan", 1);
        QCOMPARE(choose_device(ds).index, 0u);
        unsetenv("GLM_DEVICE");
        ds.erase(ds.begin()); // no Vulkan device at all
        QCOMPARE(choose_device(ds).index, 3u);
        try {
            choose_device(ds, "vulkan");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::NoVulkan);
            QVERIFY2(QString(e.what()).contains("No Vulkan device found"), e.what());
        }
    }

    void amongEqualsMostMemoryWins() {
        std::vector<DeviceInfo> ds = {make(0, "small", DeviceType::DiscreteGpu, 8ull << 30),
                                      make(1, "big", DeviceType::DiscreteGpu, 24ull << 30)};
        QCOMPARE(choose_device(ds).index, 1u);
    }

    void skipsUnusableDevices() {
        std::vector<DeviceInfo> ds = {make(0, "broken", DeviceType::DiscreteGpu, 8ull << 30, false),
                                      make(1, "llvmpipe", DeviceType::Cpu, 1ull << 30)};
        QCOMPARE(choose_device(ds).index, 1u);
    }

    void selectorByIndexAndName() {
        std::vector<DeviceInfo> ds = {
            make(0, "llvmpipe (LLVM 15)", DeviceType::Cpu, 1ull << 30),
            make(1, "AMD Radeon RX 7900", DeviceType::DiscreteGpu, 24ull << 30)};
        QCOMPARE(choose_device(ds, "0").index, 0u);
        QCOMPARE(choose_device(ds, "LLVMPIPE").index, 0u); // case-insensitive substring
        QCOMPARE(choose_device(ds, "radeon").index, 1u);
    }

    void environmentVariableOverrides() {
        std::vector<DeviceInfo> ds = {make(0, "llvmpipe", DeviceType::Cpu, 1ull << 30),
                                      make(1, "GPU", DeviceType::DiscreteGpu, 8ull << 30)};
        setenv("GLM_DEVICE", "llvm", 1);
        QCOMPARE(choose_device(ds).index, 0u);
        QCOMPARE(choose_device(ds, "1").index, 1u); // an explicit selector wins over the variable
    }

    void errors() {
        std::vector<DeviceInfo> none;
        try {
            choose_device(none);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::NoVulkan);
            QVERIFY(QString(e.what()).contains("driver"));
        }
        std::vector<DeviceInfo> ds = {
            make(0, "llvmpipe", DeviceType::Cpu, 1ull << 30),
            make(1, "broken", DeviceType::DiscreteGpu, 1ull << 30, false)};
        try {
            choose_device(ds, "nvidia");
            QFAIL("expected an error");
        } catch (const Error& e) {
            // its own kind, so that the app says "no device matches", not "report this problem"
            QCOMPARE(e.kind(), ErrorKind::DeviceNotFound);
            QVERIFY(QString(e.what()).contains("llvmpipe"));        // lists what is available
            QVERIFY(QString(e.what()).contains("glm-cli devices")); // and how to see them
        }
        setenv("GLM_DEVICE", "nvidia", 1);
        try {
            choose_device(ds);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::DeviceNotFound);
            QVERIFY2(QString(e.what()).contains("GLM_DEVICE"),
                     e.what()); // where the name came from
        }
        unsetenv("GLM_DEVICE");
        try {
            choose_device(ds, "broken");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("compute queue")); // says why it cannot be used
        }
        std::vector<DeviceInfo> unusable = {
            make(0, "broken", DeviceType::DiscreteGpu, 1ull << 30, false)};
        QVERIFY_THROWS_EXCEPTION(Error, choose_device(unusable));
    }
};

QTEST_GUILESS_MAIN(TestDeviceChoice)
#include "tst_device_choice.moc"
