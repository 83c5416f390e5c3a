import Render
import VM

/// A cell's shown value as an HTML fragment for the notebook page.
enum NotebookValueHTML {
    static func html(_ value: Value, session: REPLSession) -> String {
        "<pre class=\"value\">\(HTMLEscaping.escape(session.display(value)))</pre>"
    }
}
