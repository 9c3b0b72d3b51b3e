// The model manager's catalogue: each downloadable model with its sizes and needs (computed from
// its shapes for the chosen output type), whether it fits the selected GPU, and the state and
// progress of its download.
//
// Created in main() with its dependencies and handed to ModelManagerDialog.qml as a required
// property (no singleton). The conversion step plugs in from outside: when a download is
// complete the row's state is "downloaded" (a checkpoint ready to convert); convert() emits
// convertRequested, and the converter (QuantizeJob) reports back through the conversion* slots.
// Until one is connected, conversionAvailable is false and the dialog says so.
#pragma once

#include "downloads/download_manager.h"
#include "library/model_catalog.h"
#include "library/model_requirements.h"

#include <QAbstractListModel>
#include <QHash>
#include <qqmlregistration.h>

class CatalogListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application with its catalogue and download manager")
    // Memory of the GPU the app will use; 0 when unknown ("fits" is then GpuFit::Unknown).
    // (double for QML: exact for any memory size below 2^53 bytes)
    Q_PROPERTY(double deviceMemoryBytes READ deviceMemoryBytesAsDouble WRITE
                   setDeviceMemoryBytesFromDouble NOTIFY deviceMemoryBytesChanged)
    Q_PROPERTY(QString deviceName READ deviceName WRITE setDeviceName NOTIFY deviceNameChanged)
    // The device is the CPU backend: its memory is the computer's RAM, not video memory.
    Q_PROPERTY(bool deviceIsCpu READ deviceIsCpu WRITE setDeviceIsCpu NOTIFY deviceNameChanged)
    // The output type the size and memory columns are computed for ("Q4_0", "Q8_0", "F16").
    Q_PROPERTY(QString quantType READ quantType WRITE setQuantType NOTIFY quantTypeChanged)
    Q_PROPERTY(QStringList quantTypes READ quantTypes CONSTANT)
    Q_PROPERTY(bool conversionAvailable READ conversionAvailable WRITE setConversionAvailable NOTIFY
                   conversionAvailableChanged)
    // The device memory as the model manager writes sizes (formatBytes); "" when unknown.
    Q_PROPERTY(QString deviceMemoryText READ deviceMemoryText NOTIFY deviceMemoryBytesChanged)
    // Where downloads come from (endpoint, token); null when the application has none to offer.
    Q_PROPERTY(QObject* downloadSource READ downloadSource CONSTANT)

public:
    enum Role {
        ModelIdRole = Qt::UserRole + 1,
        NameRole,
        DescriptionRole,
        LicenseRole,
        GenerationRole,
        RepoRole,
        ModelPageRole,
        ParametersTextRole,
        DownloadBytesRole,
        DownloadSizeTextRole,
        FileSizeTextRole,    // the converted model in quantType
        VideoMemoryTextRole, // needed to run it at the default context
        VideoMemoryBytesRole,
        RamTextRole,
        DiskNeedTextRole, // download + converted model
        FitsRole,         // a GpuFit
        DownloadableRole,
        UnavailableReasonRole,
        StateRole,    // a RowState (the role "downloadState")
        ProgressRole, // 0..1, or -1 when the total is unknown
        ProgressTextRole,
        SpeedTextRole,
        EtaTextRole,
        ErrorTextRole,
        RetryReasonRole,
        CheckpointPathRole,
        ConversionProgressRole,
    };
    Q_ENUM(Role)

    // Where a row's model is on its way from the catalogue to a converted file.
    enum class RowState {
        Available,   // can be downloaded
        Unavailable, // the catalogue says why not
        Partial,     // part of it is on disk from an earlier run
        Verifying,   // checking what is on disk before resuming
        Downloading,
        Paused,
        Failed,
        Downloaded, // a complete checkpoint, ready to convert
        Converting,
        Converted
    };
    Q_ENUM(RowState)
    // Whether the model runs in the chosen GPU's video memory; Unknown while no GPU is known.
    enum class GpuFit { Unknown, Fits, TooBig };
    Q_ENUM(GpuFit)

    CatalogListModel(glm::app::ModelCatalog catalog, glm::app::DownloadManager* downloads,
                     QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    qint64 deviceMemoryBytes() const { return deviceMemoryBytes_; }
    void setDeviceMemoryBytes(qint64 bytes);
    double deviceMemoryBytesAsDouble() const { return double(deviceMemoryBytes_); }
    void setDeviceMemoryBytesFromDouble(double bytes) {
        setDeviceMemoryBytes(qint64(qMax(0.0, bytes)));
    }
    QString deviceName() const { return deviceName_; }
    bool deviceIsCpu() const { return deviceIsCpu_; }
    void setDeviceName(const QString& name);
    void setDeviceIsCpu(bool cpu);
    QString quantType() const { return glm::app::quantTypeKey(quantType_); }
    void setQuantType(const QString& key);
    QStringList quantTypes() const;
    QString deviceMemoryText() const;
    QObject* downloadSource() const { return downloadSource_; }
    // Set once, before the dialog is created.
    void setDownloadSource(QObject* source) { downloadSource_ = source; }
    bool conversionAvailable() const { return conversionAvailable_; }
    void setConversionAvailable(bool available);

    // Requirements of one row in another type (the conversion step's choice).
    Q_INVOKABLE QVariantMap requirementsFor(int row, const QString& quantType) const;

    Q_INVOKABLE void download(int row); // also resume and retry
    Q_INVOKABLE void pause(int row);
    Q_INVOKABLE void cancel(int row);
    Q_INVOKABLE void convert(int row, const QString& quantType);
    // Looks up the disk state of every row on a worker thread (partial downloads from an earlier
    // run, finished checkpoints); called once at construction.
    Q_INVOKABLE void refreshDiskStates();

public slots:
    void conversionProgress(const QString& modelId, double fraction);
    void conversionFinished(const QString& modelId, const QString& modelPath);
    void conversionFailed(const QString& modelId, const QString& message);

signals:
    void deviceMemoryBytesChanged();
    void deviceNameChanged();
    void quantTypeChanged();
    void conversionAvailableChanged();
    // A checkpoint is ready and the user chose an output type: the converter's cue.
    void convertRequested(const QString& modelId, const QString& checkpointDirectory,
                          const QString& quantType);
    // A model finished converting (for the library to refresh).
    void modelConverted(const QString& modelPath);

private:
    struct RowStatus {
        RowState state = RowState::Available;
        QString error;
        qint64 bytesOnDisk = 0;
        double conversion = -1;
    };
    RowState effectiveState(int row) const;
    int rowOf(const QString& modelId) const;
    void onDownloadChanged(const QString& modelId);
    void emitRowChanged(int row);
    GpuFit fits(qint64 needBytes) const;

    QList<glm::app::CatalogEntry> entries_;
    glm::app::DownloadManager* downloads_;
    QList<RowStatus> status_;
    qint64 deviceMemoryBytes_ = 0;
    QString deviceName_;
    bool deviceIsCpu_ = false;
    glm::app::QuantType quantType_ = glm::app::QuantType::Q4_0;
    bool conversionAvailable_ = false;
    QObject* downloadSource_ = nullptr;
};
