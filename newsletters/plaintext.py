"""The plain-text alternative of an issue: rich text written as text a person reads in a plain mail client
(paragraphs apart, headings underlined, lists with their marks or numbers, every link's address written out after its
text), not HTML with its tags stripped."""

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def underline(title, mark="-"):
    title = title.strip()
    return f"{title}\n{mark * len(title)}" if title else ""


class _TextWriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.current = []
        self.lists = []  # one [kind, counter] per open list
        self.links = []  # the href of each open <a>
        self.heading = False

    def flush(self):
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.current)).strip()
        text = "\n".join(line.strip() for line in text.split("\n"))
        if text:
            self.paragraphs.append(underline(text) if self.heading else text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCKS:
            self.flush()
            self.heading = tag in HEADINGS
            if tag in ("ul", "ol"):
                self.lists.append([tag, 0])
        elif tag == "li":
            self.flush()
            if self.lists:
                self.lists[-1][1] += 1
                kind, number = self.lists[-1]
                indent = "  " * (len(self.lists) - 1)
                self.current.append(f"{indent}{number}. " if kind == "ol" else f"{indent}- ")
        elif tag == "br":
            self.current.append("\n")
        elif tag == "a":
            self.links.append(attrs.get("href") or "")
        elif tag == "img" and attrs.get("alt"):
            self.current.append(f"[{attrs['alt']}]")

    def handle_endtag(self, tag):
        if tag in BLOCKS or tag == "li":
            self.flush()
            self.heading = False
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag == "a" and self.links:
            href = self.links.pop()
            text = "".join(self.current).rstrip()
            if href and not href.startswith(("#", "javascript:")) and not text.endswith(href):
                self.current.append(f" ({href})")

    def handle_data(self, data):
        self.current.append(data)

    def close(self):
        super().close()
        self.flush()
        return self.paragraphs


def html_to_text(html):
    """Rich text as readable plain text, paragraphs separated by a blank line; list items on their own lines."""
    writer = _TextWriter()
    writer.feed(html or "")
    paragraphs = writer.close()
    out = []
    for paragraph in paragraphs:
        # list items stay together; other paragraphs are apart
        if out and re.match(r"^\s*(- |\d+\. )", paragraph) and re.match(r"^\s*(- |\d+\. )", out[-1].split("\n")[-1]):
            out[-1] += "\n" + paragraph
        else:
            out.append(paragraph)
    return "\n\n".join(out)


def tidy(text):
    """A rendered text template without its template's stray spaces: no trailing spaces, at most one blank line."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
