using System.Globalization;
using System.Net;

namespace ObrasQr.Qr;

/// <summary>
/// The printable panel that goes on a public-works billboard: vector, so it prints sharp at any size. Portrait,
/// 60 x 84 cm at the viewBox's 1 unit = 0.6 mm; the QR takes most of the width so it scans from a few metres.
/// </summary>
public static class BillboardPanel
{
    public const string CallToAction = "Escanee para ver el contrato y reportar irregularidades";

    public static string Svg(string qrUrl, string displayUrl, string contractId, string? entityName)
    {
        using var data = QrCodes.Encode(qrUrl);
        var modules = data.ModuleMatrix.Count;
        const double width = 1000, qrSize = 760, qrTop = 210;
        var scale = (qrSize / modules).ToString("0.####", CultureInfo.InvariantCulture);
        var qrLeft = (width - qrSize) / 2;
        // Ids come from imported files: encoded like any other text, or an id could inject markup into the panel.
        var id = WebUtility.HtmlEncode(contractId);
        var entity = WebUtility.HtmlEncode(entityName is { Length: > 70 } e ? e[..70] + "…" : entityName ?? "");
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1400" width="600mm" height="840mm" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">
            <title>Valla de obra pública: contrato {id}</title>
            <rect width="1000" height="1400" fill="#fff"/>
            <rect width="1000" height="170" fill="#004884"/>
            <rect y="170" width="1000" height="12" fill="#3366CC"/>
            <text x="500" y="80" fill="#fff" font-size="52" font-weight="700" text-anchor="middle">OBRA PÚBLICA A LA VISTA</text>
            <text x="500" y="138" fill="#fff" font-size="28" text-anchor="middle">{entity}</text>
            <g transform="translate({qrLeft} {qrTop}) scale({scale})" shape-rendering="crispEdges"><rect width="{modules}" height="{modules}" fill="#fff"/><path fill="#000" d="{QrCodes.ModulesPath(data)}"/></g>
            <text x="500" y="1035" fill="#1f1f1f" font-size="40" font-weight="700" text-anchor="middle">Escanee para ver el contrato</text>
            <text x="500" y="1085" fill="#1f1f1f" font-size="40" font-weight="700" text-anchor="middle">y reportar irregularidades</text>
            <text x="500" y="1165" fill="#004884" font-size="34" text-anchor="middle">Contrato {id}</text>
            <text x="500" y="1225" fill="#004884" font-size="30" text-anchor="middle">{WebUtility.HtmlEncode(displayUrl)}</text>
            <rect y="1300" width="1000" height="100" fill="#004884"/>
            <text x="500" y="1362" fill="#fff" font-size="26" text-anchor="middle">Datos de SECOP II · Su reporte puede ser anónimo</text>
            </svg>
            """;
    }
}
