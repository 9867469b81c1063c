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
        var entity = EntityLines(entityName ?? "");
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1400" width="600mm" height="840mm" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">
            <title>Valla de obra pública: contrato {contractId}</title>
            <rect width="1000" height="1400" fill="#fff"/>
            <rect width="1000" height="170" fill="#004884"/>
            <rect y="170" width="1000" height="12" fill="#3366CC"/>
            <text x="500" y="{(entity.Contains("<tspan") ? 70 : 80)}" fill="#fff" font-size="52" font-weight="700" text-anchor="middle">OBRA PÚBLICA A LA VISTA</text>
            {entity}
            <g transform="translate({qrLeft} {qrTop}) scale({scale})" shape-rendering="crispEdges"><rect width="{modules}" height="{modules}" fill="#fff"/><path fill="#000" d="{QrCodes.ModulesPath(data)}"/></g>
            <text x="500" y="1035" fill="#1f1f1f" font-size="40" font-weight="700" text-anchor="middle">Escanee para ver el contrato</text>
            <text x="500" y="1085" fill="#1f1f1f" font-size="40" font-weight="700" text-anchor="middle">y reportar irregularidades</text>
            <text x="500" y="1165" fill="#004884" font-size="34" text-anchor="middle">Contrato {contractId}</text>
            <text x="500" y="1225" fill="#004884" font-size="30" text-anchor="middle">{WebUtility.HtmlEncode(displayUrl)}</text>
            <rect y="1300" width="1000" height="100" fill="#004884"/>
            <text x="500" y="1362" fill="#fff" font-size="26" text-anchor="middle">Datos de SECOP II · Su reporte puede ser anónimo</text>
            </svg>
            """;
    }

    /// <summary>Widest text line in the header band, in viewBox units, with a margin on each side.</summary>
    const double LineWidth = 940;
    // Upper-case DejaVu Sans averages about 0.68 em a letter: enough to choose the lines; textLength makes sure.
    const double EmPerLetter = 0.68;

    /// <summary>
    /// The entity's name in the header band: one line at 28 units; longer names wrap onto two lines, at 26 or 22 units,
    /// and a line that might still be too wide is squeezed to fit (textLength), so nothing is cut at the panel's edges.
    /// Names that need more than two lines at 22 end with "…". The QR below keeps its size and place.
    /// </summary>
    public static string EntityLines(string name)
    {
        name = string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0) return "";
        if (name.Length * 28 * EmPerLetter <= LineWidth) return Line(name, 138, 28, single: true);
        foreach (var size in new[] { 26, 22 })
        {
            var lines = Wrap(name, (int)(LineWidth / (size * EmPerLetter)));
            if (lines.Count <= 2 || size == 22)
            {
                if (lines.Count > 2)
                {
                    // The rest goes on the second line, squeezed up to a third narrower; beyond that it is cut with "…".
                    var max = (int)(LineWidth / (size * EmPerLetter) * 1.3);
                    var second = lines[1] + " " + lines[2];
                    lines = [lines[0], second.Length <= max ? second : second[..(max - 1)].TrimEnd('.', ',', ' ') + "…"];
                }
                return $"""<text fill="#fff" font-size="{size}" text-anchor="middle">{Line(lines[0], 116, size)}{(lines.Count > 1 ? Line(lines[1], 116 + size * 1.25, size) : "")}</text>""";
            }
        }
        return "";
    }

    static string Line(string text, double y, int size, bool single = false)
    {
        var squeeze = text.Length * size * EmPerLetter > LineWidth ? $" textLength=\"{LineWidth}\" lengthAdjust=\"spacingAndGlyphs\"" : "";
        var encoded = WebUtility.HtmlEncode(text);
        var at = y.ToString("0.#", CultureInfo.InvariantCulture);
        return single
            ? $"""<text x="500" y="{at}" fill="#fff" font-size="{size}" text-anchor="middle"{squeeze}>{encoded}</text>"""
            : $"""<tspan x="500" y="{at}"{squeeze}>{encoded}</tspan>""";
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
        // A third line holding one more word would be cut; keep everything left on the second line, squeezed.
        return lines.Count > 2 ? [lines[0], lines[1], string.Join(' ', lines.Skip(2))] : lines;
    }
}
