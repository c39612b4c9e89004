"""HTML to an accessible PDF, with WeasyPrint.

- Tagged PDF/UA-1 (``pdf_variant="pdf/ua-1"``): headings, tables, lists and images carry
  their structure for screen readers; the document's language comes from ``<html lang>``
  and its title from ``<title>``, which the viewer shows instead of the file name.
- Fonts are embedded (WeasyPrint embeds the subset of each font a document uses).
- Every image, stylesheet or font goes through :class:`~.fetcher.ReportURLFetcher`: the app's
  static files and uploaded images only.
"""

from dataclasses import dataclass

from weasyprint import HTML

from .fetcher import BASE_URL, ReportURLFetcher

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int
    # URLs the document named that the fetcher refused (left out of the PDF).
    refused: tuple


def render_pdf(html):
    fetcher = ReportURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT
    )
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPdf(data=data, page_count=len(document.pages), refused=tuple(fetcher.refused))
