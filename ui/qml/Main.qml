// The main window: the conversations on the left; on the right the header (model, device), the
// chat or the first-run view, the composer and the status line; dialogs for settings, the
// model manager, the About box, opening a model file and exporting or importing chats. Every
// object it shows is made in main() (ChatApp) and handed in; the window owns only layout and
// shortcuts.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import GlmChat

ApplicationWindow {
    id: window

    required property ChatController chat
    required property ModelController modelController
    required property SettingsModel settings
    required property CatalogListModel catalog
    required property InstalledModelsModel library
    required property ConversionController conversion
    required property AppInfo appInfo
    // The history's conversations and search results (the sidebar and search show them).
    required property ConversationListModel conversations
    required property SearchModel searchResults

    function openModelFile() { fileDialog.open() }
    function openModelManager() { modelManager.open() }
    function openSettings() { settingsDialog.open() }
    function openAbout() { aboutDialog.open() }
    function exportConversation(id) {
        exportDialog.conversationId = id
        // Offered under the chat's title, in the folder used last.
        exportDialog.selectedFile = exportDialog.currentFolder + "/"
                + sidebar.suggestedExportName(id, exportDialog.selectedNameFilter.index === 1 ? "json" : "markdown")
        exportDialog.open()
    }

    // The chats list gives way on narrow windows (it can still be shown with the button).
    property bool sidebarOpen: true
    readonly property bool narrow: width < 720
    onNarrowChanged: sidebarOpen = !narrow

    readonly property bool chatting: modelController.status === ModelController.Ready || chat.messages.count > 0

    width: 1100
    height: 760
    minimumWidth: 560
    minimumHeight: 420
    visible: true
    title: qsTr("GLM Chat")
    color: Theme.window

    Binding {
        target: Theme
        property: "dark"
        value: window.settings.darkTheme
    }

    // The controls draw from this palette (Fusion style), so they follow the theme too.
    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.surface
    palette.alternateBase: Theme.sidebar
    palette.text: Theme.text
    palette.button: Theme.surface
    palette.buttonText: Theme.text
    palette.brightText: Theme.accentText
    palette.highlight: Theme.selection
    palette.highlightedText: Theme.text
    palette.link: Theme.link
    palette.mid: Theme.border
    palette.dark: Theme.border
    palette.light: Theme.surface
    palette.placeholderText: Theme.mutedText
    palette.toolTipBase: Theme.surface
    palette.toolTipText: Theme.text

    Shortcut {
        sequences: ["Ctrl+N"]
        onActivated: {
            window.chat.newChat()
            composer.focusInput()
        }
    }
    Shortcut {
        sequences: ["Ctrl+B"]
        onActivated: window.sidebarOpen = !window.sidebarOpen
    }
    Shortcut {
        sequences: ["Ctrl+K", StandardKey.Find]
        onActivated: sidebar.focusSearch()
    }
    Shortcut {
        sequences: ["Ctrl+,"]
        onActivated: window.openSettings()
    }
    Shortcut {
        sequences: [StandardKey.Open]
        onActivated: window.openModelFile()
    }
    Shortcut {
        sequences: ["Esc"]
        enabled: window.chat.generating
        onActivated: window.chat.stop()
    }
    Shortcut {
        sequences: ["Ctrl+R"]
        enabled: window.chat.canRegenerate
        onActivated: window.chat.regenerate()
    }

    SplitView {
        anchors.fill: parent
        orientation: Qt.Horizontal

        ConversationSidebar {
            id: sidebar
            objectName: "sidebar"
            visible: window.sidebarOpen
            SplitView.preferredWidth: 280
            SplitView.minimumWidth: 200
            SplitView.maximumWidth: 480
            conversations: window.conversations
            searchResults: window.searchResults
            currentConversationId: window.chat.conversationId
            background: Rectangle {
                color: Theme.sidebar
            }
            onConversationSelected: id => window.chat.openConversation(id)
            onSearchResultActivated: (conversationId, messageId) => window.chat.openSearchResult(conversationId, messageId)
            onNewConversationRequested: {
                window.chat.newChat()
                composer.focusInput()
            }
            onExportRequested: id => window.exportConversation(id)
        }

        ColumnLayout {
            SplitView.fillWidth: true
            spacing: 0

            HeaderBar {
                Layout.fillWidth: true
                model: window.modelController
                sidebarOpen: window.sidebarOpen
                onSidebarToggleRequested: window.sidebarOpen = !window.sidebarOpen
                canExport: window.chat.conversationId > 0
                onExportRequested: window.exportConversation(window.chat.conversationId)
                onImportRequested: importDialog.open()
                onOpenFileRequested: window.openModelFile()
                onModelManagerRequested: window.openModelManager()
                onSettingsRequested: window.openSettings()
                onAboutRequested: window.openAbout()
            }
            InfoBanner {
                objectName: "modelNotice"
                Layout.fillWidth: true
                text: window.modelController.notice
                onDismissed: window.modelController.dismissNotice()
            }
            InfoBanner {
                objectName: "modelLostBanner"
                Layout.fillWidth: true
                isError: true
                actionText: qsTr("Load the model again")
                text: window.chat.messages.count > 0 && window.modelController.status === ModelController.Failed
                      ? window.modelController.failureReason + " " + window.modelController.failureSuggestion : ""
                onDismissed: window.modelController.reloadModel()
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: window.chatting ? 1 : 0
                FirstRunView {
                    model: window.modelController
                    onOpenFileRequested: window.openModelFile()
                    onModelManagerRequested: window.openModelManager()
                }
                ChatView {
                    id: chatView
                    chat: window.chat
                    Label {
                        anchors.centerIn: parent
                        visible: parent.count === 0
                        text: qsTr("Ask anything.")
                        font.pixelSize: 18
                        color: Theme.mutedText
                    }
                }
            }

            Composer {
                id: composer
                Layout.fillWidth: true
                Layout.maximumWidth: Theme.messageMaxWidth + 48
                Layout.alignment: Qt.AlignHCenter
                chat: window.chat
            }
            ChatStatusBar {
                Layout.fillWidth: true
                chat: window.chat
            }
        }
    }

    DropArea {
        anchors.fill: parent
        keys: ["text/uri-list"]
        onEntered: drag => drag.accepted = drag.urls.length === 1 && window.modelController.isModelFile(drag.urls[0])
        onDropped: drop => window.modelController.loadModelUrl(drop.urls[0])
    }

    FileDialog {
        id: fileDialog
        title: qsTr("Open a model")
        nameFilters: [qsTr("GGUF models (*.gguf)"), qsTr("All files (*)")]
        onAccepted: window.modelController.loadModelUrl(selectedFile)
    }
    SettingsDialog {
        id: settingsDialog
        settings: window.settings
        devices: window.modelController.devices
    }
    AboutDialog {
        id: aboutDialog
        objectName: "aboutDialog"
        appInfo: window.appInfo
    }
    ModelManagerDialog {
        id: modelManager
        objectName: "modelManagerDialog"
        catalog: window.catalog
        library: window.library
        conversion: window.conversion
    }
    FileDialog {
        id: exportDialog
        objectName: "exportDialog"
        property int conversationId: 0
        title: qsTr("Export the chat")
        fileMode: FileDialog.SaveFile
        acceptLabel: qsTr("Export")
        defaultSuffix: selectedNameFilter.index === 1 ? "json" : "md"
        nameFilters: [qsTr("Markdown (*.md)"), qsTr("JSON, for importing again (*.json)")]
        onAccepted: sidebar.exportToFile([conversationId], selectedFile,
                                         selectedNameFilter.index === 1 ? "json" : "markdown")
    }
    FileDialog {
        id: importDialog
        title: qsTr("Import chats")
        nameFilters: [qsTr("GLM Chat export (*.json)"), qsTr("All files (*)")]
        onAccepted: sidebar.importFromFile(selectedFile)
    }
    // Typing goes to the composer from the start.
    Component.onCompleted: composer.focusInput()

    Connections {
        target: window.library
        function onOpenRequested() { modelManager.close() }
    }
    Connections {
        target: window.chat
        function onRevealRequested(row) {
            if (row >= 0) {
                chatView.followTail = false
                chatView.positionViewAtIndex(row, ListView.Center)
            }
        }
    }
}
