// glm-cli download: a catalogue model's checkpoint, through the same DownloadManager as the app
// (resumable, verified, same models folder), headless.
#include "cli.h"
#include "downloads/download_manager.h"
#include "library/model_catalog.h"
#include "library/model_library.h"

#include <QCoreApplication>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QTimer>
#include <atomic>
#include <csignal>
#include <cstdio>

namespace glm::cli {
namespace {

using namespace glm::app;

std::atomic<bool> g_interrupted{false};

std::string bytes(qint64 n) {
    return QLocale::c()
        .formattedDataSize(qMax<qint64>(n, 0), 1, QLocale::DataSizeSIFormat)
        .toStdString();
}

std::string duration(qint64 seconds) {
    if (seconds < 0) return "--";
    char buf[32];
    if (seconds >= 3600)
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", seconds / 3600, (seconds / 60) % 60);
    else
        std::snprintf(buf, sizeof buf, "%lldm%02llds", seconds / 60, seconds % 60);
    return buf;
}

// One status line: bar (terminal only), percent, bytes, speed, time left.
std::string statusLine(const ModelDownload& d, bool bar) {
    const qint64 done = d.bytesDone(), total = d.bytesTotal();
    const double fraction = total > 0 ? double(done) / double(total) : 0.0;
    std::string line;
    if (bar) {
        const int width = 30, filled = int(fraction * width);
        line = "[" + std::string(size_t(filled), '#') + std::string(size_t(width - filled), ' ') +
               "] ";
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "%5.1f%%  %s / %s", fraction * 100.0, bytes(done).c_str(),
                  total >= 0 ? bytes(total).c_str() : "?");
    line += buf;
    if (d.bytesPerSecond() >= 1.0 && done < total) // speed and time left once they mean something
        line += "  " + bytes(qint64(d.bytesPerSecond())) + "/s  ETA " + duration(d.etaSeconds());
    if (const QString why = d.retryReason(); !why.isEmpty())
        line += "  (retrying: " + why.toStdString() + ")";
    return line;
}

// "  id  name" lines of the catalogue, for a user who has to pick an id.
std::string catalogueList(const ModelCatalog& catalog) {
    std::string list;
    for (const CatalogEntry& e : catalog.entries())
        list += "\n  " + e.id.toStdString() + "  (" + e.name.toStdString() + ")";
    return list;
}

int run(const Args& args) {
    if (args.positional().size() > 1)
        return fail("give one model id: glm-cli download MODEL_ID [options]", 2);
    static int argc = 1;
    static char name[] = "glm-cli";
    static char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);

    QString error;
    std::optional<ModelCatalog> catalog;
    if (auto path = args.get("--catalog"))
        catalog = ModelCatalog::load(QString::fromStdString(*path), &error);
    else
        catalog = ModelCatalog::loadDefault(&error);
    if (!catalog) return fail(error.toStdString());
    if (args.positional().empty())
        return fail("which model? usage: glm-cli download MODEL_ID [options]; the models:" +
                        catalogueList(*catalog),
                    2);
    const QString id = QString::fromStdString(args.positional()[0]);
    const CatalogEntry* entry = catalog->find(id);
    if (!entry) {
        QStringList ids;
        for (const CatalogEntry& e : catalog->entries()) ids << e.id;
        return fail("no model '" + id.toStdString() + "' in the catalogue; known: " +
                        ids.join(QStringLiteral(", ")).toStdString(),
                    2);
    }
    const auto endpoint = HfEndpoint::resolve(QString::fromStdString(args.get_or("--endpoint", "")),
                                              QProcessEnvironment::systemEnvironment(), &error);
    if (!endpoint) return fail(error.toStdString(), 2);
    // HF_TOKEN keeps the token out of the process list; --token is for scripts that must pass it.
    QByteArray token = QByteArray::fromStdString(args.get_or("--token", ""));
    if (token.isEmpty()) token = qgetenv("HF_TOKEN");
    const QString dir = args.has("--dir") ? QString::fromStdString(*args.get("--dir"))
                                          : ModelLibrary::defaultModelsDirectory();

    QNetworkAccessManager nam;
    DownloadManager manager(&nam, dir);
    manager.setEndpoint(*endpoint);
    manager.setToken(token);
    manager.setAllowUnverified(args.has("--allow-unverified"));
    DownloadOptions options;
    const long long parallel = args.integer("--parallel", options.parallelFiles);
    if (parallel < 1 || parallel > 8) return fail("--parallel must be between 1 and 8", 2);
    options.parallelFiles = int(parallel);
    // Checked as a number of seconds before it becomes milliseconds in an int.
    const double stall = args.number("--stall-timeout", options.stallTimeoutMs / 1000.0);
    if (!(stall >= 0.1 && stall <= 86400))
        return fail("--stall-timeout must be between 0.1 and 86400 seconds (one day)", 2);
    options.stallTimeoutMs = int(stall * 1000);
    const long long retries = args.integer("--retries", options.maxRetries);
    if (retries < 0 || retries > 20) return fail("--retries must be between 0 and 20", 2);
    options.maxRetries = int(retries);
    manager.setOptions(options);

    const bool terminal = stdout_is_terminal();
    std::printf("Downloading %s (%s @ %s) from %s\n  into %s\n", entry->name.toStdString().c_str(),
                entry->repo.toStdString().c_str(), entry->revision.left(12).toStdString().c_str(),
                endpoint->base().toString().toStdString().c_str(),
                manager.checkpointDirectory(entry->id).toStdString().c_str());
    if (!entry->allFilesVerifiable() && args.has("--allow-unverified"))
        std::fprintf(
            stderr,
            "glm-cli: warning: the catalogue has no checksums for some files of %s; they will "
            "not be verified\n",
            entry->name.toStdString().c_str());
    if (!manager.start(*entry, &error)) return fail(error.toStdString());
    std::fflush(stdout);

    int exitCode = 0;
    ModelDownload* download = manager.download(entry->id);
    // Queued: the per-file lines (connected below, after the manager's own) come first.
    QObject::connect(
        &manager, &DownloadManager::completed, &app,
        [&](const QString&, const QString& folder) {
            if (terminal) std::printf("\r%s\n", statusLine(*download, true).c_str());
            std::printf("done: %s is downloaded and verified in %s\n",
                        entry->name.toStdString().c_str(), folder.toStdString().c_str());
            app.quit();
        },
        Qt::QueuedConnection);
    QObject::connect(&manager, &DownloadManager::failed, &app,
                     [&](const QString&, const QString& message) {
                         if (terminal) std::printf("\n");
                         exitCode = fail(message.toStdString());
                         app.quit();
                     });
    // Plain output (a pipe, a log file): one line when a file finishes and one every 10 seconds.
    // A retry is said when it is scheduled (on stderr), so that waiting is never silent.
    for (DownloadTask* t : download->tasks())
        QObject::connect(t, &DownloadTask::stateChanged, &app, [t, terminal] {
            if (!terminal && t->state() == DownloadTask::State::Completed)
                std::printf("verified %s\n", t->fileName().toStdString().c_str());
            if (t->state() == DownloadTask::State::Retrying) {
                std::fprintf(stderr, "%s%s: %s; retry %d of %d in %.0f s\n",
                             terminal ? "\r\033[K" : "", t->fileName().toStdString().c_str(),
                             t->errorString().toStdString().c_str(), t->retryAttempt(),
                             t->maxRetries(), t->retryDelayMs() / 1000.0);
                std::fflush(stderr);
            }
        });
    QTimer ticker;
    int ticks = 0;
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        if (g_interrupted.load()) {
            manager.pause(entry->id);
            std::printf(
                "%sinterrupted: the partial download is kept; run the same command to resume\n",
                terminal ? "\n" : "");
            exitCode = 130;
            app.quit();
            return;
        }
        if (terminal)
            std::printf("\r%s\033[K", statusLine(*download, true).c_str());
        else if (++ticks % 50 == 0)
            std::printf("%s\n", statusLine(*download, false).c_str());
        std::fflush(stdout);
    });
    ticker.start(200);
    auto previous = std::signal(SIGINT, [](int) { g_interrupted.store(true); });
    // start() may already have finished the job (everything verified on disk) or failed it.
    if (download->state() == ModelDownload::State::Completed)
        std::printf("done: %s is already downloaded in %s\n", entry->name.toStdString().c_str(),
                    download->directory().toStdString().c_str());
    else if (download->state() == ModelDownload::State::Failed)
        exitCode = fail(download->errorString().toStdString());
    else
        app.exec();
    std::signal(SIGINT, previous);
    std::fflush(stdout);
    return exitCode;
}

Registrar
    reg({"download",
         "download a model's checkpoint from the catalogue (resumable, verified)",
         "MODEL_ID [--dir DIR] [--endpoint URL] [--token T] [--catalog FILE] [--allow-unverified]",
         {{"", "--dir", true, "models folder (default: the app's, <data>/glm-chat/models)"},
          {"", "--endpoint", true,
           "Hugging Face endpoint or mirror (default: HF_ENDPOINT or https://huggingface.co)"},
          {"", "--token", true,
           "access token for gated models (better: the HF_TOKEN environment variable)"},
          {"", "--catalog", true, "model catalogue JSON (default: the one built in)"},
          {"", "--allow-unverified", false, "download files the catalogue has no checksum for"},
          {"", "--parallel", true, "files downloaded at the same time (1-8, default 2)"},
          {"", "--stall-timeout", true,
           "seconds without data before reconnecting (0.1-86400, default 30)"},
          {"", "--retries", true,
           "retries of a failing file, waiting 1, 2, 4 ... seconds (0-20, default 6)"}},
         run});

} // namespace
} // namespace glm::cli
