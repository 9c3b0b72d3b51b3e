import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

// One catalogue model: what it is, what it needs, and its download (progress, pause, resume,
// cancel, errors with a retry, then the conversion step).
Frame {
    id: row

    required property CatalogListModel catalog
    required property int index
    required property string modelId
    required property string name
    required property string description
    required property string license
    required property string generation
    required property string parametersText
    required property string downloadSizeText
    required property string fileSizeText
    required property string videoMemoryText
    required property string ramText
    required property string diskNeedText
    required property int fits // CatalogListModel.GpuFit
    required property bool downloadable
    required property string unavailableReason
    required property int downloadState // CatalogListModel.RowState
    required property real progress
    required property string progressText
    required property string speedText
    required property string etaText
    required property string errorText
    required property string retryReason
    required property string checkpointPath
    required property real conversionProgress

    // Download was pressed for a model that does not fit the GPU: the dialog asks first.
    signal downloadNeedsConfirmation(int row, string name, string size)

    function startDownload() {
        if (row.fits === CatalogListModel.TooBig) row.downloadNeedsConfirmation(row.index, row.name, row.downloadSizeText)
        else row.catalog.download(row.index)
    }

    readonly property bool transferring: row.downloadState === CatalogListModel.Downloading || row.downloadState === CatalogListModel.Verifying

    // The non-empty parts, separated by a middle dot.
    function joined(parts: list<string>): string {
        let out = ""
        for (let i = 0; i < parts.length; ++i)
            if (parts[i] !== "") out += (out === "" ? "" : " · ") + parts[i]
        return out
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 4

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: row.name
                font.bold: true
                font.pixelSize: 16
            }
            Label {
                text: row.generation + " · " + row.parametersText
                opacity: 0.7
            }
            Item { Layout.fillWidth: true }
            Label {
                objectName: "fits-" + row.modelId
                readonly property bool onCpu: row.catalog.deviceIsCpu
                text: row.fits === CatalogListModel.Fits
                      ? (onCpu ? qsTr("Fits in this computer's memory") : qsTr("Fits your GPU"))
                    : row.fits === CatalogListModel.TooBig
                      ? (onCpu ? qsTr("Needs more memory than this computer has")
                               : qsTr("Needs more video memory than your GPU has"))
                    : qsTr("GPU memory unknown")
                color: row.fits === CatalogListModel.Fits ? "#2e7d32" : row.fits === CatalogListModel.TooBig ? "#c62828" : palette.text
            }
        }

        Label {
            Layout.fillWidth: true
            text: row.description
            wrapMode: Text.Wrap
        }

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.8
            text: qsTr("Download %1 · model file %2 · video memory %3 · RAM %4 · disk space needed %5")
                  .arg(row.downloadSizeText).arg(row.fileSizeText).arg(row.videoMemoryText)
                  .arg(row.ramText).arg(row.diskNeedText)
        }

        Label {
            Layout.fillWidth: true
            text: qsTr("Licence: %1").arg(row.license)
            opacity: 0.6
            font.pixelSize: 11
        }

        // Why it cannot be downloaded here.
        Label {
            Layout.fillWidth: true
            visible: !row.downloadable
            wrapMode: Text.Wrap
            text: row.unavailableReason
            color: "#ef6c00"
        }

        // Progress while downloading, paused or partly downloaded.
        ColumnLayout {
            Layout.fillWidth: true
            visible: row.transferring || row.downloadState === CatalogListModel.Paused || row.downloadState === CatalogListModel.Partial || row.downloadState === CatalogListModel.Converting
            ProgressBar {
                objectName: "progress-" + row.modelId
                Layout.fillWidth: true
                from: 0
                to: 1
                indeterminate: row.progress < 0 || row.downloadState === CatalogListModel.Verifying
                value: row.downloadState === CatalogListModel.Converting ? row.conversionProgress : Math.max(0, row.progress)
            }
            Label {
                objectName: "status-" + row.modelId
                Layout.fillWidth: true
                elide: Text.ElideRight
                text: row.downloadState === CatalogListModel.Verifying ? qsTr("Checking the files already downloaded…")
                    : row.downloadState === CatalogListModel.Converting ? qsTr("Converting…")
                    : row.downloadState === CatalogListModel.Paused ? qsTr("Paused: %1").arg(row.progressText)
                    : row.downloadState === CatalogListModel.Partial ? qsTr("Partly downloaded earlier: %1").arg(row.progressText)
                    : row.retryReason !== "" ? qsTr("%1 · connection problem (%2), trying again…").arg(row.progressText).arg(row.retryReason)
                    : row.joined([row.progressText, row.speedText, row.etaText])
            }
        }

        // Errors in words, with a retry.
        Label {
            objectName: "error-" + row.modelId
            Layout.fillWidth: true
            visible: row.errorText !== ""
            wrapMode: Text.Wrap
            color: "#c62828"
            text: row.errorText
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 6

            Button {
                objectName: "download-" + row.modelId
                visible: row.downloadable && row.downloadState === CatalogListModel.Available
                text: qsTr("Download")
                highlighted: true
                onClicked: row.startDownload()
            }
            Button {
                objectName: "resume-" + row.modelId
                visible: row.downloadState === CatalogListModel.Paused || row.downloadState === CatalogListModel.Partial
                text: qsTr("Resume")
                onClicked: row.catalog.download(row.index)
            }
            Button {
                objectName: "retry-" + row.modelId
                visible: row.downloadState === CatalogListModel.Failed
                text: qsTr("Retry")
                onClicked: row.catalog.download(row.index)
            }
            Button {
                objectName: "pause-" + row.modelId
                visible: row.transferring
                text: qsTr("Pause")
                onClicked: row.catalog.pause(row.index)
            }
            Button {
                objectName: "cancel-" + row.modelId
                visible: row.transferring || row.downloadState === CatalogListModel.Paused || row.downloadState === CatalogListModel.Partial || row.downloadState === CatalogListModel.Failed
                text: qsTr("Cancel")
                onClicked: row.catalog.cancel(row.index)
            }
            Label {
                visible: row.downloadState === CatalogListModel.Converted
                text: qsTr("Installed: ready to chat")
                color: "#2e7d32"
            }

            // The conversion step: a downloaded checkpoint becomes a GGUF model.
            RowLayout {
                visible: row.downloadState === CatalogListModel.Downloaded
                spacing: 6
                Label {
                    text: qsTr("Downloaded. Convert to")
                }
                ComboBox {
                    id: convertType
                    objectName: "convertType-" + row.modelId
                    model: row.catalog.quantTypes
                }
                Button {
                    objectName: "convert-" + row.modelId
                    text: qsTr("Convert")
                    enabled: row.catalog.conversionAvailable
                    onClicked: row.catalog.convert(row.index, convertType.currentText)
                }
                Label {
                    readonly property var need: row.catalog.requirementsFor(row.index, convertType.currentText)
                    text: row.catalog.conversionAvailable
                          ? qsTr("%1 file, %2 video memory").arg(need.fileSizeText).arg(need.videoMemoryText)
                          : qsTr("The converter is not available in this version yet.")
                    opacity: 0.7
                }
            }
        }
    }
}
