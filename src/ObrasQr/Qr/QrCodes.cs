using System.Globalization;
using System.Text;
using QRCoder;

namespace ObrasQr.Qr;

/// <summary>QR images of a contract page's URL.</summary>
public static class QrCodes
{
    // H recovers about 30% of damaged modules: a weathered, dirty or partly covered billboard still scans. The
    // upper-case URL keeps the symbol small in alphanumeric mode despite the extra correction.
    const QRCodeGenerator.ECCLevel Correction = QRCodeGenerator.ECCLevel.H;

    public const int DefaultPngSize = 512;
    public const int MinPngSize = 64;
    public const int MaxPngSize = 2048;

    /// <summary>The symbol, with its 4-module quiet zone in <see cref="QRCodeData.ModuleMatrix"/>.</summary>
    public static QRCodeData Encode(string url) => QRCodeGenerator.GenerateQrCode(url, Correction);

    /// <summary>A PNG about <paramref name="size"/> pixels wide (whole pixels per module, 4-module quiet zone).</summary>
    public static byte[] Png(string url, int size)
    {
        using var data = Encode(url);
        var modules = data.ModuleMatrix.Count; // includes the quiet zone
        var pixelsPerModule = Math.Max(1, size / modules);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string Svg(string url)
    {
        using var data = Encode(url);
        var n = data.ModuleMatrix.Count;
        return $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{n * 10}" height="{n * 10}" shape-rendering="crispEdges"><rect width="{n}" height="{n}" fill="#fff"/><path fill="#000" d="{ModulesPath(data)}"/></svg>""";
    }

    /// <summary>The dark modules as one SVG path in module units, one subpath per horizontal run.</summary>
    public static string ModulesPath(QRCodeData data)
    {
        var rows = data.ModuleMatrix;
        var path = new StringBuilder();
        for (var y = 0; y < rows.Count; y++)
        {
            for (var x = 0; x < rows[y].Count; x++)
            {
                if (!rows[y][x]) continue;
                var start = x;
                while (x + 1 < rows[y].Count && rows[y][x + 1]) x++;
                path.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start + 1}v1h-{x - start + 1}z");
            }
        }
        return path.ToString();
    }
}
