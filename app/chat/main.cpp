// glm-chat: the desktop app. See chat_app.h for what it is made of and launch_options.h for
// the command line.
#include "chat_app.h"
#include "data_directory.h"
#include "launch_options.h"
#include "ui_setup.h"

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

    const auto dataDir = glm::app::DataDirectory::resolve(options.dataDir);
    QString error;
    if (!dataDir.prepare(&error)) {
        std::fprintf(stderr, "glm-chat: %s\n", qUtf8Printable(error));
        return 2;
    }
    glm::ui::setUpUi();
    ChatApp chat(options, dataDir);
    if (!chat.start()) return 1;
    return app.exec();
}
