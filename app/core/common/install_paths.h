// Where GLM Chat's read-only data (the model catalogue models.json, translations, ...) lives,
// found relative to the running executable so that no build-tree path is ever compiled in.
//
// Resolution order (first match wins):
//   1. The GLM_DATA_DIR environment variable, if set: that folder, and nothing else.
//   2. Installed: <exe dir>/../share/glm-chat (Linux .deb/.tar.gz, Windows NSIS) or, inside a
//      macOS bundle, <exe dir>/../Resources/glm-chat — recognised by the marker file
//      glm-chat.datadir that packaging/CMakeLists.txt installs there.
//   3. Build tree: a marker file glm-chat-build-tree.ini in the executable's folder or up to
//      three folders above it (CMake writes it at the top of the build folder and never installs
//      it). Its lines `build-data=DIR` and `source-data=DIR` name the generated data folder
//      (<build>/share/glm-chat, e.g. compiled translations) and the source tree's resources/
//      (models.json); both are searched, build data first.
// Programs that need a data file call findDataFile("models.json"); a data writer in the build
// (e.g. translations) puts its output under <build>/share/glm-chat/ so that the build tree
// mirrors the installed layout.
#pragma once

#include <QString>
#include <QStringList>

namespace glm::app {

class InstallPaths {
public:
    enum class Layout { Override, Installed, BuildTree, NotFound };

    struct DataLocation {
        Layout layout = Layout::NotFound;
        QStringList dirs; // searched in this order; dirs.first() is the primary data folder
        QString error;    // set when layout is NotFound: what was looked for, what to do
    };

    static constexpr const char* kOverrideEnv = "GLM_DATA_DIR";
    static constexpr const char* kInstalledMarker = "glm-chat.datadir";
    static constexpr const char* kBuildTreeMarker = "glm-chat-build-tree.ini";
    static constexpr int kBuildTreeSearchDepth = 3;

    // Decides where the data is for an executable in exeDir. overrideDir is the value of
    // GLM_DATA_DIR (empty when unset). Reads only marker files; creates nothing.
    static DataLocation locate(const QString& exeDir, const QString& overrideDir);

    // The running program's folder (symlinks resolved); works before a QCoreApplication exists
    // on Linux. Empty if it cannot be determined.
    static QString executableDir();

    // locate() for the running program, computed once per process (thread-safe).
    static const DataLocation& current();

    // The primary data folder of the running program; empty when none was found.
    static QString dataDir();

    // The first existing <dir>/relativePath over current().dirs; empty when absent anywhere.
    static QString findDataFile(const QString& relativePath);
};

} // namespace glm::app
