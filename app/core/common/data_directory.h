// Where glm-chat keeps what it writes: settings, the conversation database, models, caches.
// Normally the user's standard folders; with --data-dir DIR (or GLM_CHAT_DATA_DIR=DIR) all of it
// lives under DIR instead: a portable install on a USB stick, and how tests stay isolated.
//   DIR/settings.ini       preferences (QSettings, INI format)
//   DIR/chats.sqlite       the conversation history (the store's default file name)
//   DIR/models/            model files
//   DIR/cache/             the engine's pipeline cache
#pragma once

#include <QString>
#include <memory>

class QSettings;

namespace glm::app {

class DataDirectory {
public:
    static constexpr const char* kEnvironmentVariable = "GLM_CHAT_DATA_DIR";

    // commandLineDir (--data-dir) wins over the environment variable; both empty: the standard
    // folders of this user.
    static DataDirectory resolve(const QString& commandLineDir);

    bool isPortable() const { return portable_; }
    QString root() const { return root_; }
    QString modelsDirectory() const;
    // Empty when not portable: the engine then uses the user's cache folder.
    QString cacheDirectory() const;

    // Creates the folders; false with a message for the user when that is impossible.
    bool prepare(QString* error) const;
    // The settings: DIR/settings.ini when portable, else the platform's place for them.
    std::unique_ptr<QSettings> openSettings() const;

private:
    bool portable_ = false;
    QString root_;
};

} // namespace glm::app
