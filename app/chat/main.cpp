// glm-chat: the desktop app. See chat_app.h for what it is made of and launch_options.h for
// the command line.
#include "chat_app.h"
#include "common/data_directory.h"
#include "common/launch_options.h"
#include "common/single_instance.h"
#include "startup_problem.h"
#include "viewmodels/ui_setup.h"

#include <QDir>
#include <QGuiApplication>
#include <QIcon>
#include <QtQml/qqmlextensionplugin.h>
#include <cstdio>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

int main(int argc, char** argv) {
    // --version and --help must work without a display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    const glm::app::LaunchOptions options = glm::app::LaunchOptions::parse(arguments);
    if (options.showVersion) {
        std::printf("glm-chat %s\n", GLM_APP_VERSION);
        return 0;
    }
    if (options.showHelp || !options.error.isEmpty()) {
        if (!options.error.isEmpty())
            std::fprintf(stderr, "glm-chat: %s\n\n", qUtf8Printable(options.error));
        std::fprintf(options.error.isEmpty() ? stdout : stderr, "%s",
                     qUtf8Printable(glm::app::LaunchOptions::helpText()));
        return options.error.isEmpty() ? 0 : 2;
    }

    QGuiApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("GLM Chat"));
    QCoreApplication::setApplicationName(QStringLiteral("glm-chat"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GLM_APP_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("GLM Chat"));
    // Lets Wayland match the window to its desktop entry (icon, menu, taskbar).
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.glmchat.GlmChat"));
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256, 512})
        icon.addFile(QStringLiteral(":/icons/glm-chat-%1.png").arg(size), QSize(size, size));
    QGuiApplication::setWindowIcon(icon);

    glm::ui::setUpUi();
    auto dataDir = glm::app::DataDirectory::resolve(options.dataDir);
    QString error;
    while (!dataDir.prepare(&error)) {
        std::fprintf(stderr, "glm-chat: %s\n", qUtf8Printable(error));
        // Said in a window too (a double-click shows no terminal), with a way out.
        const QString other = StartupProblem::ask(error, true);
        if (other.isEmpty()) return 2;
        dataDir = glm::app::DataDirectory::resolve(other);
    }
    glm::app::SingleInstance instance(dataDir.root());
    if (!instance.claim()) {
        // GLM Chat already runs on this folder: bring it forward (with this launch's model).
        // It answers from its event loop, which may still be busy starting (loading its
        // window takes seconds on a slow machine): give it time before calling it stuck.
        if (instance.activateRunning(options.modelPath, 30000)) return 0;
        const QString message =
            QCoreApplication::translate(
                "main", "GLM Chat is already running with the data folder %1 (process %2), but "
                        "it does not respond. Close it, or end that process, and start GLM Chat "
                        "again.")
                .arg(QDir::toNativeSeparators(dataDir.root()))
                .arg(instance.runningPid());
        std::fprintf(stderr, "glm-chat: %s\n", qUtf8Printable(message));
        StartupProblem::ask(message, false);
        return 1;
    }
    ChatApp chat(options, dataDir);
    if (!chat.start()) return 1;
    QObject::connect(&instance, &glm::app::SingleInstance::activationRequested, &chat,
                     &ChatApp::activate);
    return app.exec();
}
