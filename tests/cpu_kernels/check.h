// A test runner in plain C++ for the programs that must build without Qt (the CPU kernels' test,
// which also runs on other CPUs under qemu-user). Each test is a function; a failed CHECK ends it
// with a message naming the condition and the line. The program runs every test, or the ones
// named on its command line, prints one line per test and exits non-zero when any failed.
#pragma once

#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace check {

struct Failure {
    std::string message;
};
struct Skipped {
    std::string reason;
};

[[noreturn]] inline void fail(const std::string& what, const char* file, int line) {
    throw Failure{std::string(file) + ":" + std::to_string(line) + ": " + what};
}

struct Test {
    const char* name;
    void (*run)();
};

// Runs the tests (all, or those whose names are in argv[1..]); 0 when none failed.
inline int run_tests(const std::vector<Test>& tests, int argc, char** argv) {
    int failed = 0, ran = 0;
    for (const Test& test : tests) {
        bool wanted = argc < 2;
        for (int i = 1; i < argc; ++i) wanted = wanted || std::string_view(argv[i]) == test.name;
        if (!wanted) continue;
        ++ran;
        try {
            test.run();
            std::printf("PASS   %s\n", test.name);
        } catch (const Skipped& s) {
            std::printf("SKIP   %s: %s\n", test.name, s.reason.c_str());
        } catch (const Failure& f) {
            std::printf("FAIL!  %s: %s\n", test.name, f.message.c_str());
            ++failed;
        } catch (const std::exception& e) {
            std::printf("FAIL!  %s: unexpected exception: %s\n", test.name, e.what());
            ++failed;
        }
        std::fflush(stdout);
    }
    if (ran == 0) {
        std::printf("no test matches the names given\n");
        return 2;
    }
    std::printf("%d tests, %d failed\n", ran, failed);
    return failed == 0 ? 0 : 1;
}

} // namespace check

#define CHECK_MSG(condition, message)                                                              \
    do {                                                                                           \
        if (!(condition))                                                                          \
            ::check::fail(std::string(#condition) + ": " + (message), __FILE__, __LINE__);         \
    } while (0)
#define CHECK(condition) CHECK_MSG(condition, std::string())
// The expression must throw an exception of the given type.
#define CHECK_THROWS(Exception, expression)                                                        \
    do {                                                                                           \
        bool thrown_ = false;                                                                      \
        try {                                                                                      \
            (void)(expression);                                                                    \
        } catch (const Exception&) {                                                               \
            thrown_ = true;                                                                        \
        }                                                                                          \
        if (!thrown_) ::check::fail(#expression " did not throw " #Exception, __FILE__, __LINE__); \
    } while (0)
#define SKIP(reason)                                                                               \
    throw ::check::Skipped {                                                                       \
        reason                                                                                     \
    }
