# Shared by every kind of content: the Markdown renderer's messages.

## Markdown
markdown-too-long = This text is too long (more than { $limit } KB). Split it into two lessons.
markdown-too-deep = Quotes, lists or HTML elements are nested more than { $limit } levels deep. Close some of them or nest less.
markdown-too-much-output = This makes far more page than there is text (a table whose rows are much shorter than its header fills them with empty cells). Give the table fewer columns.
markdown-at-line = Line { $line }: { $problem }
markdown-not-shown = [This part could not be shown: it nests too deeply or is too large (from line { $line }). An editor can fix it in the lesson editor.]
markdown-not-shown-post = [This part could not be shown: it nests too deeply or is too large (from line { $line }).]
markdown-too-many-links = { $limit ->
    [0] New members cannot post links yet, and this text has { $links }. Remove them, or write the addresses without making them links.
   *[other] New members may post at most { $limit } links at a time, and this text has { $links }. Remove some of them.
}
