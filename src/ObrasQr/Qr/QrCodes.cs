using QRCoder;

namespace ObrasQr.Qr;

/// <summary>QR images of a contract page's URL.</summary>
public static class QrCodes
{
    // Q recovers about 25% of damaged modules: a weathered, dirty billboard still scans.
    const QRCodeGenerator.ECCLevel Correction = QRCodeGenerator.ECCLevel.Q;

    public const int DefaultPngSize = 512;
    public const int MinPngSize = 64;
    public const int MaxPngSize = 2048;

    static QRCodeData Encode(string url) => QRCodeGenerator.GenerateQrCode(url, Correction);

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
        return new SvgQRCode(data).GetGraphic(10);
    }
}
