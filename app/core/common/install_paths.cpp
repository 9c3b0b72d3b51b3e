#include "common/install_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace glm::app {

namespace {

// The marker is a few lines written by CMake; anything much larger is not ours.
constexpr qint64 kMaxMarkerBytes = 64 * 1024;

QString installedCandidate(const QDir& exeDir, const QString& relative) {
    return QDir::cleanPath(exeDir.absoluteFilePath(relative));
}

bool isDir(const QString& path) {
    return QFileInfo(path).isDir();
}

// Parses `key=value` lines of a build-tree marker into the folders it names (build data
// first). Relative folders are taken relative to the marker's own folder.
InstallPaths::DataLocation readBuildTreeMarker(const QString& markerPath) {
    InstallPaths::DataLocation loc;
    const QString rerun = QStringLiteral("re-run cmake on the build folder to rewrite it");
    QFile file(markerPath);
    if (file.size() > kMaxMarkerBytes) {
        loc.error = QStringLiteral("The build-tree marker %1 is too large to be ours; %2.")
                        .arg(markerPath, rerun);
        return loc;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        loc.error = QStringLiteral("Cannot read the build-tree marker %1 (%2); %3.")
                        .arg(markerPath, file.errorString(), rerun);
        return loc;
    }
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8(file.readAll());
    const QDir base = QFileInfo(markerPath).absoluteDir();
    QString buildData, sourceData;
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) continue;
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if (value.isEmpty()) continue;
        const QString dir = QDir::cleanPath(base.absoluteFilePath(value));
        if (key == QLatin1String("build-data"))
            buildData = dir;
        else if (key == QLatin1String("source-data"))
            sourceData = dir;
    }
    // The build data folder may not exist yet (nothing generated so far); the source one must.
    if (sourceData.isEmpty() || !isDir(sourceData)) {
        loc.error = QStringLiteral("The build-tree marker %1 names no existing source-data "
                                   "folder (the source tree moved?); %2.")
                        .arg(markerPath, rerun);
        return loc;
    }
    loc.layout = InstallPaths::Layout::BuildTree;
    if (!buildData.isEmpty()) loc.dirs << buildData;
    loc.dirs << sourceData;
    return loc;
}

} // namespace

InstallPaths::DataLocation InstallPaths::locate(const QString& exeDir, const QString& overrideDir) {
    DataLocation loc;
    if (!overrideDir.isEmpty()) {
        const QString dir = QDir::cleanPath(QDir(overrideDir).absolutePath());
        if (!isDir(dir)) {
            loc.error = QStringLiteral("%1 is set to \"%2\", which is not a folder. Unset it, or "
                                       "point it at a folder holding GLM Chat's data "
                                       "(models.json, translations/).")
                            .arg(QLatin1String(kOverrideEnv), overrideDir);
            return loc;
        }
        loc.layout = Layout::Override;
        loc.dirs << dir;
        return loc;
    }
    if (exeDir.isEmpty()) {
        loc.error = QStringLiteral("Cannot tell where this program is installed, so its data "
                                   "folder is unknown. Set %1 to the folder holding models.json.")
                        .arg(QLatin1String(kOverrideEnv));
        return loc;
    }
    const QDir exe(exeDir);
    const QStringList installed = {
        installedCandidate(exe, QStringLiteral("../share/glm-chat")),
#ifdef Q_OS_MACOS
        installedCandidate(exe, QStringLiteral("../Resources/glm-chat")),
#endif
    };
    for (const QString& dir : installed) {
        if (QFileInfo::exists(dir + QLatin1Char('/') + QLatin1String(kInstalledMarker))) {
            loc.layout = Layout::Installed;
            loc.dirs << dir;
            return loc;
        }
    }
    QDir up(QDir::cleanPath(exe.absolutePath()));
    for (int level = 0; level <= kBuildTreeSearchDepth; ++level) {
        const QString marker = up.absoluteFilePath(QLatin1String(kBuildTreeMarker));
        if (QFileInfo::exists(marker)) return readBuildTreeMarker(marker);
        if (!up.cdUp()) break;
    }
    loc.error = QStringLiteral("GLM Chat's data folder was not found: expected %1 (with the file "
                               "%2) next to the program in %3. Reinstall GLM Chat, or set %4 to "
                               "the folder holding models.json.")
                    .arg(installed.first(), QLatin1String(kInstalledMarker), exeDir,
                         QLatin1String(kOverrideEnv));
    return loc;
}

QString InstallPaths::executableDir() {
    if (QCoreApplication::instance()) return QCoreApplication::applicationDirPath();
#ifdef Q_OS_LINUX
    // Before (or without) a QCoreApplication, e.g. in glm-cli: the kernel knows.
    const QString exe = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath();
    if (!exe.isEmpty()) return QFileInfo(exe).absolutePath();
#endif
    return {};
}

const InstallPaths::DataLocation& InstallPaths::current() {
    static const DataLocation location =
        locate(executableDir(), qEnvironmentVariable(kOverrideEnv));
    return location;
}

QString InstallPaths::dataDir() {
    const DataLocation& loc = current();
    return loc.dirs.isEmpty() ? QString() : loc.dirs.first();
}

QString InstallPaths::findDataFile(const QString& relativePath) {
    // Only names inside the data folders: never an absolute path or one that climbs out.
    const QString clean = QDir::cleanPath(relativePath);
    if (clean.isEmpty() || QDir::isAbsolutePath(clean) || clean == QLatin1String("..") ||
        clean.startsWith(QLatin1String("../")))
        return {};
    for (const QString& dir : current().dirs) {
        const QString path = dir + QLatin1Char('/') + clean;
        if (QFileInfo::exists(path)) return path;
    }
    return {};
}

} // namespace glm::app
