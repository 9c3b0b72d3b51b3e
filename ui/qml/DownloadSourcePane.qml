pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GlmChat

// Where models are downloaded from: the Hugging Face hub or a mirror (e.g. https://hf-mirror.com
// in mainland China), and an access token for gated models. The token is write-only here.
ColumnLayout {
    id: pane

    // A DownloadSourceModel, or null (then the tab is hidden).
    property QtObject source: null

    spacing: 8

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: qsTr("Models are downloaded from %1.").arg(pane.source !== null ? pane.source.effectiveEndpoint : "")
    }

    GridLayout {
        Layout.fillWidth: true
        columns: 2
        columnSpacing: 8
        rowSpacing: 6

        Label {
            text: qsTr("Endpoint")
        }
        TextField {
            id: endpointField
            objectName: "endpointField"
            Layout.fillWidth: true
            text: pane.source !== null ? pane.source.endpoint : ""
            placeholderText: qsTr("https://huggingface.co (or a mirror, e.g. https://hf-mirror.com)")
            inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
        }

        Label {
            text: qsTr("Access token")
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: tokenField
                objectName: "tokenField"
                Layout.fillWidth: true
                echoMode: TextInput.Password
                placeholderText: pane.source !== null && pane.source.hasToken
                                 ? qsTr("A token is saved; type a new one to replace it")
                                 : qsTr("Optional: only for gated models")
            }
            Button {
                objectName: "removeTokenButton"
                visible: pane.source !== null && pane.source.hasToken
                text: qsTr("Remove token")
                onClicked: pane.source.apply(endpointField.text, "", false)
            }
        }
    }

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.7
        text: qsTr("The token is sent only to this endpoint, over https, and is stored in settings.ini in the data folder.")
    }

    RowLayout {
        Button {
            objectName: "saveSourceButton"
            text: qsTr("Save")
            highlighted: true
            onClicked: {
                if (pane.source.apply(endpointField.text, tokenField.text, tokenField.text === ""))
                    tokenField.clear()
            }
        }
        Button {
            text: qsTr("Use the default")
            onClicked: endpointField.text = ""
        }
    }

    Label {
        objectName: "sourceError"
        Layout.fillWidth: true
        visible: text !== ""
        wrapMode: Text.Wrap
        color: "#c62828"
        text: pane.source !== null ? pane.source.errorText : ""
    }

    Item {
        Layout.fillHeight: true
    }
}
