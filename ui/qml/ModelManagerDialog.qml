pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

// The model manager: download catalogue models (with their sizes and needs, and whether they fit
// the GPU), follow and control downloads, convert finished checkpoints, and manage what is
// installed. Logic lives in the two view models handed in.
Dialog {
    id: dialog

    required property CatalogListModel catalog
    required property InstalledModelsModel library
    // The conversion step (QuantizeJob); the dialog works without one (conversion unavailable).
    property ConversionController conversion: null

    title: qsTr("Models")
    modal: true
    standardButtons: Dialog.Close
    anchors.centerIn: Overlay.overlay
    width: Math.min(960, (parent ? parent.width : 960) - 40)
    height: Math.min(720, (parent ? parent.height : 720) - 40)

    onOpened: dialog.library.refresh()

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        TabBar {
            id: tabs
            Layout.fillWidth: true
            onCurrentIndexChanged: if (currentIndex === 1) dialog.library.refresh()
            TabButton {
                objectName: "catalogueTab"
                text: qsTr("Download")
            }
            TabButton {
                objectName: "installedTab"
                text: qsTr("Installed")
            }
            TabButton {
                objectName: "sourceTab"
                text: qsTr("Download source")
                visible: dialog.catalog.downloadSource !== null
            }
        }

        RowLayout {
            Layout.fillWidth: true
            visible: tabs.currentIndex === 0
            spacing: 8
            Label {
                text: qsTr("Sizes for")
            }
            ComboBox {
                id: typeChoice
                objectName: "quantTypeChoice"
                model: dialog.catalog.quantTypes
                currentIndex: Math.max(0, find(dialog.catalog.quantType))
                onActivated: dialog.catalog.quantType = currentText
            }
            Label {
                Layout.fillWidth: true
                elide: Text.ElideRight
                opacity: 0.7
                text: dialog.catalog.deviceMemoryBytes <= 0
                      ? qsTr("No GPU selected: whether a model fits is unknown")
                      : dialog.catalog.deviceIsCpu
                      ? qsTr("CPU backend: %1, %2 of memory").arg(dialog.catalog.deviceName)
                            .arg(dialog.catalog.deviceMemoryText)
                      : qsTr("GPU: %1, %2 of video memory").arg(dialog.catalog.deviceName)
                            .arg(dialog.catalog.deviceMemoryText)
            }
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex

            ListView {
                id: catalogueList
                objectName: "catalogueList"
                clip: true
                spacing: 6
                model: dialog.catalog
                ScrollBar.vertical: ScrollBar {}
                delegate: CatalogDelegate {
                    width: catalogueList.width - 12
                    catalog: dialog.catalog
                    onDownloadNeedsConfirmation: (row, name, size) => {
                        confirmDownload.row = row
                        confirmDownload.modelName = name
                        confirmDownload.sizeText = size
                        confirmDownload.open()
                    }
                }
            }

            LibraryPane {
                library: dialog.library
            }

            DownloadSourcePane {
                source: dialog.catalog.downloadSource
            }
        }

        Dialog {
            id: confirmDownload
            objectName: "confirmLargeDownload"
            property int row: -1
            property string modelName
            property string sizeText
            anchors.centerIn: Overlay.overlay
            width: 460 // constant: see LibraryPane's confirmDelete (binding loops otherwise)
            modal: true
            title: qsTr("Download %1 anyway?").arg(modelName)
            standardButtons: Dialog.Yes | Dialog.No
            Label {
                width: confirmDownload.availableWidth
                wrapMode: Text.Wrap
                text: (dialog.catalog.deviceIsCpu
                       ? qsTr("%1 needs more memory than this computer has, so it will probably not load. The download is %2.")
                       : qsTr("%1 needs more video memory than your GPU has, so it will probably not load, or run very slowly. The download is %2."))
                      .arg(confirmDownload.modelName).arg(confirmDownload.sizeText)
            }
            onAccepted: dialog.catalog.download(row)
        }

        ConversionBar {
            objectName: "conversionBar"
            Layout.fillWidth: true
            conversion: dialog.conversion
        }
    }
}
