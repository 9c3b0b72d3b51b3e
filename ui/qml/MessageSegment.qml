// One piece of a message: Markdown text, a code block, or plain text. (The role names are those
// of SegmentListModel.) Long messages have many pieces of bounded size; only those near the
// list's viewport (viewTop..viewBottom, in the coordinates of the column this piece is in) are
// built. Elsewhere the piece keeps the height it had when shown, or an estimate from its text.
import QtQuick
import QtQuick.Layouts
import GlmChat

Loader {
    id: segment

    required property int index
    required property int kind // SegmentListModel.Kind
    required property string segmentText
    required property string language
    required property bool continued
    property real viewTop: -Infinity
    property real viewBottom: Infinity
    // The width the text will have (for the estimate: not the width the layout gives later).
    property real textWidth: 600
    // How far beyond the viewport pieces are kept built (scrolling shows them without a wait).
    property real margin: 600

    // (From the estimate, not the height: building the piece must not change whether it is built.)
    readonly property bool nearView: placed && y + estimatedHeight >= viewTop - margin
                                     && y <= viewBottom + margin
    // Before the column places its pieces, all are at 0 (and would all seem near the view).
    readonly property bool placed: index === 0 || y > 0
    readonly property real estimatedHeight: estimateHeight()
    property real measuredHeight: -1
    property real measuredWidth: -1
    readonly property real shownHeight: item ? item.implicitHeight : -1

    signal copyRequested(int row)

    function estimateHeight() {
        const code = kind === SegmentListModel.Code
        const charWidth = (code ? Theme.fontSize - 1 : Theme.fontSize) * 0.6
        const lineHeight = Theme.fontSize * 1.45
        const perLine = Math.max(8, Math.floor((textWidth - (code ? 24 : 0)) / charWidth))
        let lines = 0
        let start = 0
        for (;;) {
            const end = segmentText.indexOf("\n", start)
            const length = (end < 0 ? segmentText.length : end) - start
            lines += Math.max(1, Math.ceil(length / perLine))
            if (end < 0)
                break
            start = end + 1
        }
        return lines * lineHeight + (code ? 64 : 0)
    }

    objectName: "messageSegment"
    // Built in the background, a piece at a time: scrolling fast never waits for a page of text
    // (and a piece is not built when it is gone from near the view before its turn).
    asynchronous: true
    active: nearView
    Layout.preferredHeight: item ? item.implicitHeight
                                 : measuredWidth === width && measuredHeight >= 0 ? measuredHeight
                                                                                  : estimatedHeight
    onShownHeightChanged: {
        if (shownHeight >= 0) {
            measuredHeight = shownHeight
            measuredWidth = width
        }
    }

    sourceComponent: kind === SegmentListModel.Code ? codeComponent
                     : kind === SegmentListModel.Plain ? plainComponent : markdownComponent

    Component {
        id: markdownComponent
        MarkdownBlock {
            markdown: segment.segmentText
        }
    }
    Component {
        id: codeComponent
        CodeBlock {
            // A long block is split into pieces: they are drawn as one block.
            code: segment.segmentText.endsWith("\n") ? segment.segmentText.slice(0, -1)
                                                     : segment.segmentText
            language: segment.language
            continued: segment.continued
            onCopyRequested: segment.copyRequested(segment.index)
        }
    }
    Component {
        id: plainComponent
        PlainBlock {
            text: segment.segmentText
        }
    }
}
