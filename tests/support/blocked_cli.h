// A program started with its stdout on a pipe that is already full: its first write to stdout
// blocks it, in the middle of its work, until the test reads the pipe. Tests use that pause to
// send a signal at a known point, whatever the speed of the machine.
#pragma once

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <initializer_list>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace glm::test {

struct BlockedProgram {
    pid_t pid = -1;
    int out = -1; // the read end of the program's stdout

    // stdin from `stdin_file` (or /dev/null), stderr into `stderr_file`.
    BlockedProgram(const std::string& program, const std::vector<std::string>& args,
                   const std::string& stderr_file, const std::string& stdin_file = "/dev/null") {
        int fds[2];
        if (pipe(fds) != 0) return;
        fcntl(fds[1], F_SETFL, O_NONBLOCK);
        const std::vector<char> chunk(4096, 'x');
        while (write(fds[1], chunk.data(), chunk.size()) > 0) {
        }
        fcntl(fds[1], F_SETFL, 0);
        std::vector<std::string> argv_s = {program};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_s) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid = fork();
        if (pid == 0) {
            // as a user's shell would start it, whatever the test runner ignores
            for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, SIG_DFL);
            const int in = open(stdin_file.c_str(), O_RDONLY);
            const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            dup2(in, 0);
            dup2(fds[1], 1);
            dup2(err, 2);
            close(fds[0]);
            execv(program.c_str(), argv.data());
            _exit(127);
        }
        close(fds[1]);
        out = fds[0];
    }
    BlockedProgram(const BlockedProgram&) = delete;
    BlockedProgram& operator=(const BlockedProgram&) = delete;
    ~BlockedProgram() {
        if (out >= 0) drain_and_wait();
    }

    // True while the program's main thread waits to write into the full pipe (Linux /proc).
    bool blocked_writing() const { return waiting_in("pipe_write", {"1 0x1 ", "64 0x1 "}); }
    // True while it waits to read its stdin from a pipe or FIFO with nothing in it.
    bool blocked_reading() const { return waiting_in("pipe_read", {"0 0x0 ", "63 0x0 "}); }

private:
    // The kernel function the main thread sleeps in, or (kernels that hide it) the system call
    // it is in: number and first argument, on x86-64 and on arm64.
    bool waiting_in(const std::string& wchan, std::initializer_list<const char*> calls) const {
        auto read_text = [](const std::string& path) {
            std::string text;
            if (FILE* f = std::fopen(path.c_str(), "r")) {
                char buf[256];
                const size_t n = std::fread(buf, 1, sizeof buf, f);
                text.assign(buf, n);
                std::fclose(f);
            }
            return text;
        };
        const std::string proc = "/proc/" + std::to_string(pid);
        if (read_text(proc + "/wchan").find(wchan) != std::string::npos) return true;
        const std::string call = read_text(proc + "/syscall");
        for (const char* c : calls)
            if (call.rfind(c, 0) == 0) return true;
        return false;
    }

public:
    // Reads the pipe until the program ends (returns what it wrote after the filler); its exit
    // status as waitpid gives it.
    int drain_and_wait(std::string* written = nullptr) {
        std::string all;
        char buf[4096];
        for (ssize_t n; (n = read(out, buf, sizeof buf)) > 0;) all.append(buf, size_t(n));
        close(out);
        out = -1;
        const size_t first = all.find_first_not_of('x');
        if (written) *written = first == std::string::npos ? std::string() : all.substr(first);
        int status = 0;
        waitpid(pid, &status, 0);
        return status;
    }
};

} // namespace glm::test
