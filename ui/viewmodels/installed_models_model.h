// The model manager's "Installed" list: converted .gguf models and downloaded checkpoints in the
// models folder, with open, delete, show in folder and import. The work happens in ModelLibrary
// on worker threads; this model only mirrors its list and forwards the user's actions.
#pragma once

#include "library/model_library.h"

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
    // What the start-up cleanup removed (partial files of a killed conversion or import).
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        PathRole,
        KindRole, // a Kind
        SizeTextRole,
        FileTypeRole,
        ArchitectureRole,
        ProblemRole,
        ModelIdRole,
        VerifiedRole,
        LoadedRole,             // the model the chat uses now
        OutsideRole,            // opened from elsewhere (not in the models folder)
        DeleteBlockedReasonRole // why Delete is off for this row ("" when it may be deleted)
    };
    Q_ENUM(Role)
    // What the role "kind" holds (InstalledModel::Kind, for QML: InstalledModelsModel.Gguf).
    enum class Kind { Gguf, Checkpoint };
    Q_ENUM(Kind)

    explicit InstalledModelsModel(glm::app::ModelLibrary* library, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool busy() const { return library_->isBusy(); }
    bool importing() const { return importing_; }
    double importProgress() const { return importProgress_; }
    QString lastError() const { return lastError_; }
    QString modelsDirectory() const { return library_->modelsDirectory(); }
    QString notice() const { return notice_; }

    // The chat's loaded model ("" when none): marked "Loaded", listed even outside the folder,
    // and not deletable while loaded.
    void setLoadedModelPath(const QString& path);

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void open(int row);         // openRequested(path): loading is the chat's business
    Q_INVOKABLE void remove(int row);       // the dialog asks first
    Q_INVOKABLE bool showInFolder(int row); // the system file manager
    Q_INVOKABLE void importGguf(const QUrl& file, bool move);
    Q_INVOKABLE void cancelImport();
    Q_INVOKABLE void clearError();
    Q_INVOKABLE void dismissNotice();

signals:
    void busyChanged();
    void importingChanged();
    void lastErrorChanged();
    void noticeChanged();
    void openRequested(const QString& path);

private:
    void onModelsChanged();
    void setError(const QString& message);
    bool isLoaded(const glm::app::InstalledModel& m) const;
    QString deleteBlockedReason(const glm::app::InstalledModel& m) const;

    glm::app::ModelLibrary* library_;
    QList<glm::app::InstalledModel> rows_;
    bool importing_ = false;
    double importProgress_ = 0;
    QString lastError_;
    QString notice_;
};
