using ObrasQr.Contracts;
using ObrasQr.Qr;
using SkiaSharp;

namespace ObrasQr.Pages;

/// <summary>
/// The picture a shared link shows (Open Graph, 1200 x 630 PNG): the work's state as colour and words, how much is
/// paid and how much of the time has passed as labelled bars, and the page's QR code. The words use the host's default
/// font; on a host without fonts the colours, bars and QR still say it (and the title and description travel as text).
/// </summary>
public static class SharePreview
{
    public const int Width = 1200, Height = 630;

    public const string Alt = "Tarjeta de la obra: su plazo en un recuadro de color (verde a tiempo, rojo vencida o con alertas, " +
        "azul terminada), barras con el porcentaje pagado y el del plazo transcurrido, y el código QR que abre la página del contrato.";

    // The Linux build without dependencies has no font manager: a font is opened from a file the host may have
    // (Debian's DejaVu, Liberation, Windows' Arial); without one the card is drawn without words.
    static readonly string[] FontFiles = ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", @"C:\Windows\Fonts\arialbd.ttf"];
    static readonly Lazy<SKTypeface?> Typeface = new(() => FontFiles.Where(File.Exists).Select(SKTypeface.FromFile).FirstOrDefault(t => t is not null));

    static readonly SKColor Dark = SKColor.Parse("#004884"), Primary = SKColor.Parse("#3366CC"), Ok = SKColor.Parse("#069169"),
        Danger = SKColor.Parse("#A80521"), Track = SKColor.Parse("#E4E9F2"), Page = SKColor.Parse("#F6F8FB"),
        Withdrawn = SKColor.Parse("#4B4B4B");

    public static byte[] Png(ContractFacts facts, string contractId, string qrUrl) =>
        Draw(facts.Current.Name, "ObrasQr · Vea el contrato y reporte irregularidades", qrUrl, (canvas, paint, typeface) =>
        {
            var late = facts.DaysOverdue is not null || facts.RedFlags.Count > 0;
            Fill(canvas, paint, !facts.IsLive ? Dark : late ? Danger : Ok, new SKRect(60, 140, 640, 240));
            Text(canvas, paint, typeface, ContractWords.Countdown(facts), 84, 205, 44, SKColors.White, 532);
            if (facts.PaidPercent is { } paid)
            {
                Text(canvas, paint, typeface, $"Pagado: {paid} %", 60, 305, 32, Dark, 580);
                Bar(canvas, paint, 60, 320, Math.Min(100, paid), Ok);
            }
            else Text(canvas, paint, typeface, "Pagado: " + ContractFacts.NoData, 60, 305, 32, Dark, 580);
            if (facts.TimeElapsedPercent is { } elapsed)
            {
                Text(canvas, paint, typeface, $"Plazo transcurrido: {elapsed} %", 60, 445, 32, Dark, 580);
                Bar(canvas, paint, 60, 460, elapsed, facts.DaysOverdue is not null ? Danger : Ok);
            }
        });

    /// <summary>The card of a work its entity withdrew from publication: its name and the withdrawal, none of the facts
    /// its page no longer shows (a link shared before still shows a card).</summary>
    public static byte[] WithdrawnPng(string name, string qrUrl) =>
        Draw(name, "ObrasQr · Vea en la página por qué se retiró", qrUrl, (canvas, paint, typeface) =>
        {
            Fill(canvas, paint, Withdrawn, new SKRect(60, 140, 640, 320));
            Text(canvas, paint, typeface, "Retirada de la publicación", 84, 210, 44, SKColors.White, 532);
            Text(canvas, paint, typeface, "por la entidad", 84, 280, 44, SKColors.White, 532);
        });

    /// <summary>What every card has: the name in the top bar, the footer's words and the page's QR code on the right;
    /// <paramref name="body"/> draws the left side.</summary>
    static byte[] Draw(string name, string footer, string qrUrl, Action<SKCanvas, SKPaint, SKTypeface?> body)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(Page);
        using var paint = new SKPaint { IsAntialias = true };

        var typeface = Typeface.Value;
        Fill(canvas, paint, Dark, new SKRect(0, 0, Width, 90));
        Fill(canvas, paint, Primary, new SKRect(0, 90, Width, 102));
        // The work's name, cut so it stays legible in the bar (the page's title carries it whole).
        Text(canvas, paint, typeface, name.Length > 48 ? name[..48].TrimEnd() + "…" : name, 60, 60, 36, SKColors.White, 600);
        body(canvas, paint, typeface);
        Fill(canvas, paint, Dark, new SKRect(0, Height - 50, Width, Height));
        Text(canvas, paint, typeface, footer, 60, Height - 16, 26, SKColors.White, 1080);

        using var data = QrCodes.Encode(qrUrl);
        var modules = data.ModuleMatrix.Count;
        const float qrLeft = 740, qrTop = 130, qrSize = 420;
        Fill(canvas, paint, SKColors.White, new SKRect(qrLeft - 20, qrTop - 20, qrLeft + qrSize + 20, qrTop + qrSize + 20));
        var cell = qrSize / modules;
        paint.IsAntialias = false;
        for (var y = 0; y < modules; y++)
            for (var x = 0; x < modules; x++)
                if (data.ModuleMatrix[y][x])
                    Fill(canvas, paint, SKColors.Black, new SKRect(qrLeft + x * cell, qrTop + y * cell, qrLeft + (x + 1) * cell, qrTop + (y + 1) * cell));

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>One line of text, made smaller until it fits <paramref name="maxWidth"/>.</summary>
    static void Text(SKCanvas canvas, SKPaint paint, SKTypeface? typeface, string text, float x, float y, float size, SKColor color, float maxWidth)
    {
        if (typeface is null) return;
        using var font = new SKFont(typeface, size);
        var width = font.MeasureText(text);
        if (width > maxWidth) font.Size = size * maxWidth / width;
        paint.Color = color;
        paint.IsAntialias = true;
        canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
    }

    static void Bar(SKCanvas canvas, SKPaint paint, float left, float top, int percent, SKColor color)
    {
        const float width = 580, height = 56;
        Fill(canvas, paint, Track, new SKRect(left, top, left + width, top + height));
        Fill(canvas, paint, color, new SKRect(left, top, left + width * Math.Clamp(percent, 0, 100) / 100f, top + height));
    }

    static void Fill(SKCanvas canvas, SKPaint paint, SKColor color, SKRect rect)
    {
        paint.Color = color;
        canvas.DrawRect(rect, paint);
    }
}
