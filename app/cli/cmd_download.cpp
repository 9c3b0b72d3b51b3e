// glm-cli download: a catalogue model's checkpoint, through the same DownloadManager as the app
// (resumable, verified, same models folder), headless.
#include "cli.h"
#include "download_manager.h"
#include "model_catalog.h"
#include "model_library.h"

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

int run(const Args& args) {
    if (args.positional().size() != 1) return fail("usage: glm-cli download MODEL_ID [options]", 2);
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
    options.parallelFiles = int(args.integer("--parallel", options.parallelFiles));
    options.stallTimeoutMs =
        int(args.number("--stall-timeout", options.stallTimeoutMs / 1000.0) * 1000);
    if (options.parallelFiles < 1 || options.parallelFiles > 8)
        return fail("--parallel must be between 1 and 8", 2);
    if (options.stallTimeoutMs < 100)
        return fail("--stall-timeout must be at least 0.1 seconds", 2);
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
    for (DownloadTask* t : download->tasks())
        QObject::connect(t, &DownloadTask::stateChanged, &app, [t, terminal] {
            if (!terminal && t->state() == DownloadTask::State::Completed)
                std::printf("verified %s\n", t->fileName().toStdString().c_str());
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
          {"", "--stall-timeout", true, "seconds without data before reconnecting (default 30)"}},
         run});

} // namespace
} // namespace glm::cli
