using ObrasQr.Contracts;
using ObrasQr.Qr;
using SkiaSharp;

namespace ObrasQr.Pages;

/// <summary>
/// The picture a shared link shows (Open Graph, 1200 x 630 PNG): the work's state as colour, how much is paid and how
/// much of the time has passed as bars, and the page's QR code. No text in the image: the title and description
/// travel next to it as text, and fonts are not installed on every host.
/// </summary>
public static class SharePreview
{
    public const int Width = 1200, Height = 630;

    public const string Alt = "Tarjeta de la obra: el color muestra su estado (verde a tiempo, rojo vencida o con alertas, " +
        "azul terminada), las barras el porcentaje pagado y el del plazo transcurrido, y el código QR abre la página del contrato.";

    static readonly SKColor Dark = SKColor.Parse("#004884"), Primary = SKColor.Parse("#3366CC"), Ok = SKColor.Parse("#069169"),
        Danger = SKColor.Parse("#A80521"), Track = SKColor.Parse("#E4E9F2"), Page = SKColor.Parse("#F6F8FB");

    public static byte[] Png(ContractFacts facts, string qrUrl)
    {
        var late = facts.DaysOverdue is not null || facts.RedFlags.Count > 0;
        var state = facts.IsFinished ? Dark : late ? Danger : Ok;
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(Page);
        using var paint = new SKPaint { IsAntialias = true };

        Fill(canvas, paint, Dark, new SKRect(0, 0, Width, 90));
        Fill(canvas, paint, Primary, new SKRect(0, 90, Width, 102));
        Fill(canvas, paint, state, new SKRect(60, 150, 640, 250)); // the state, as a chip-like block

        Bar(canvas, paint, 60, 330, facts.PaidPercent, Ok);
        Bar(canvas, paint, 60, 450, facts.TimeElapsedPercent ?? 0, facts.DaysOverdue is not null ? Danger : Ok);
        Fill(canvas, paint, Dark, new SKRect(0, Height - 40, Width, Height));

        using var data = QrCodes.Encode(qrUrl);
        var modules = data.ModuleMatrix.Count;
        const float qrLeft = 720, qrTop = 130, qrSize = 440;
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
