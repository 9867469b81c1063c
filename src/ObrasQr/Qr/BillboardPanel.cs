using System.Globalization;
using System.Net;

namespace ObrasQr.Qr;

/// <summary>
/// The printable panel that goes on a public-works billboard: vector, so it prints sharp at any size. Portrait,
/// 60 x 84 cm at the viewBox's 1 unit = 0.6 mm; the QR takes most of the width so it scans from a few metres.
/// </summary>
public static class BillboardPanel
{
    public static string Svg(string qrUrl, string displayUrl, string contractId, string? entityName)
    {
        using var data = QrCodes.Encode(qrUrl);
        var modules = data.ModuleMatrix.Count;
        const double width = 1000, qrSize = 760, qrTop = 210;
        var scale = (qrSize / modules).ToString("0.####", CultureInfo.InvariantCulture);
        var qrLeft = (width - qrSize) / 2;
        // Ids come from imported files: encoded like any other text, or an id could inject markup into the panel.
        var id = WebUtility.HtmlEncode(contractId);
        var entity = EntityLines(entityName ?? ""); // encoded line by line
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1400" width="600mm" height="840mm" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">
            <title>Valla de obra pública: contrato {id}</title>
            <rect width="1000" height="1400" fill="#fff"/>
            <rect width="1000" height="170" fill="#004884"/>
            <rect y="170" width="1000" height="12" fill="#3366CC"/>
            <text x="500" y="{(entity.Contains("y=\"138\"") || entity.Length == 0 ? 80 : 70)}" fill="#fff" font-size="52" font-weight="700" text-anchor="middle">OBRA PÚBLICA A LA VISTA</text>
            {entity}
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

    /// <summary>Widest text line in the header band, in viewBox units, with a margin on each side.</summary>
    const double LineWidth = 940;
    // Upper-case DejaVu Sans averages about 0.7 em a letter; 0.72 leaves room for wide letters (M, W, Á).
    const double EmPerLetter = 0.72;

    /// <summary>
    /// The entity's name in the header band: one line at 28 units; longer names wrap onto two lines, each made small
    /// enough to fit the width (never under 18 units), so nothing is cut at the panel's edges. Names that would need
    /// more end with "…". The QR below keeps its size and place.
    /// </summary>
    public static string EntityLines(string name)
    {
        name = string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0) return "";
        if (name.Length * 28 * EmPerLetter <= LineWidth) return Line(name, 138, 28);
        const int smallest = 18;
        var perLine = (int)(LineWidth / (smallest * EmPerLetter));
        var lines = Wrap(name, Math.Max((name.Length + 1) / 2 + 4, 1));
        if (lines.Count > 2 || lines.Any(l => l.Length > perLine))
        {
            lines = Wrap(name, perLine);
            if (lines.Count > 2) lines = [lines[0], lines[1][..Math.Min(lines[1].Length, perLine - 1)].TrimEnd('.', ',', ' ', '-') + "…"];
        }
        var size = Math.Min(26, Math.Floor(LineWidth / (lines.Max(l => l.Length) * EmPerLetter)));
        return Line(lines[0], 122, size) + (lines.Count > 1 ? Line(lines[1], 122 + size * 1.2, size) : "");
    }

    static string Line(string text, double y, double size)
    {
        var at = y.ToString("0.#", CultureInfo.InvariantCulture);
        var px = size.ToString("0.#", CultureInfo.InvariantCulture);
        return $"""<text x="500" y="{at}" fill="#fff" font-size="{px}" text-anchor="middle">{WebUtility.HtmlEncode(text)}</text>""";
    }

    static List<string> Wrap(string text, int perLine)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > perLine) { lines.Add(line); line = ""; }
            line = line.Length == 0 ? word : line + " " + word;
        }
        lines.Add(line);
        return lines;
    }
}
