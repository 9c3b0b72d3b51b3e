// Chooses the component for one piece of a message: Markdown text, a code block, or plain text.
// (The role names are those of SegmentListModel.)
import QtQuick
import GlmChat

Loader {
    id: segment

    required property string kind
    required property string segmentText
    required property string language

    signal copyRequested(string text)

    sourceComponent: kind === "code" ? codeComponent
                     : kind === "plain" ? plainComponent : markdownComponent

    Component {
        id: markdownComponent
        MarkdownBlock {
            text: segment.segmentText
        }
    }
    Component {
        id: codeComponent
        CodeBlock {
            code: segment.segmentText
            language: segment.language
            onCopyRequested: code => segment.copyRequested(code)
        }
    }
    Component {
        id: plainComponent
        PlainBlock {
            text: segment.segmentText
        }
    }
}
