// The model manager's "Installed" list: converted .gguf models and downloaded checkpoints in the
// models folder, with open, delete, show in folder and import. The work happens in ModelLibrary
// on worker threads; this model only mirrors its list and forwards the user's actions.
#pragma once

#include "model_library.h"

#include <QAbstractListModel>
#include <QUrl>
#include <qqmlregistration.h>

class InstalledModelsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application with its model library")
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool importing READ importing NOTIFY importingChanged)
    Q_PROPERTY(double importProgress READ importProgress NOTIFY importingChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(QString modelsDirectory READ modelsDirectory CONSTANT)

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        PathRole,
        KindRole, // "gguf" or "checkpoint"
        SizeTextRole,
        FileTypeRole,
        ArchitectureRole,
        ProblemRole,
        ModelIdRole,
        VerifiedRole,
    };
    Q_ENUM(Role)

    explicit InstalledModelsModel(glm::app::ModelLibrary* library, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool busy() const { return library_->isBusy(); }
    bool importing() const { return importing_; }
    double importProgress() const { return importProgress_; }
    QString lastError() const { return lastError_; }
    QString modelsDirectory() const { return library_->modelsDirectory(); }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void open(int row);         // openRequested(path): loading is the chat's business
    Q_INVOKABLE void remove(int row);       // the dialog asks first
    Q_INVOKABLE bool showInFolder(int row); // the system file manager
    Q_INVOKABLE void importGguf(const QUrl& file, bool move);
    Q_INVOKABLE void cancelImport();
    Q_INVOKABLE void clearError();

signals:
    void busyChanged();
    void importingChanged();
    void lastErrorChanged();
    void openRequested(const QString& path);

private:
    void onModelsChanged();
    void setError(const QString& message);

    glm::app::ModelLibrary* library_;
    QList<glm::app::InstalledModel> rows_;
    bool importing_ = false;
    double importProgress_ = 0;
    QString lastError_;
};
