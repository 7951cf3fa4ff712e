"""PDF documents: the certificate of participation (CORE-12).

fpdf2 and anyascii come with the optional ``pdf`` extra (``pip install
'mentorcore[pdf]'``; the ``cli`` extra includes it). They are imported when a
PDF is made, not when this package is: importing it costs nothing.

    from mentorcore.adapters.pdf import certificate_pdf

    pdf = certificate_pdf(engine.reader(viewer).certificate(tandem_id), language="de")
"""

from mentorcore.adapters.pdf.certificate import PdfUnavailable, certificate_pdf

__all__ = ["PdfUnavailable", "certificate_pdf"]
