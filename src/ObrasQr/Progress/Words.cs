using System.Globalization;

namespace ObrasQr.Progress;

/// <summary>How progress figures read in Spanish (es-CO: "42,5 %").</summary>
public static class Words
{
    static readonly CultureInfo Colombian = CultureInfo.GetCultureInfo("es-CO");

    public static string Percent(decimal percent) => percent.ToString("0.#", Colombian) + " %";
}
