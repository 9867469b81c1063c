using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ObrasQr.Secop;

/// <summary>Reading SECOP's values as they come in real exports: "$10,979,236,356", "1,826", "09/18/2023 12:00:00 AM".</summary>
public static partial class SecopValues
{
    static readonly string[] Placeholders = ["N/D", "ND", "No aplica", "No Definido", "NULL", "-"];

    static readonly string[] DateFormats =
    [
        "MM/dd/yyyy hh:mm:ss tt", "M/d/yyyy h:mm:ss tt", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy", "M/d/yyyy",
        "yyyy-MM-dd'T'HH:mm:ss.fff", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd",
    ];

    /// <summary>
    /// The key a column is known by: lower-case ASCII letters and digits only. "Localización" (CSV), "localizaci_n"
    /// (SODA JSON) and a Latin-1 file misread as UTF-8 all become "localizacin".
    /// </summary>
    public static string Key(string name)
    {
        var key = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') key.Append(c);
            else if (c is >= 'A' and <= 'Z') key.Append((char)(c + 32));
        }
        return key.ToString();
    }

    public static bool IsEmpty(string? value) =>
        string.IsNullOrWhiteSpace(value) || Placeholders.Any(p => string.Equals(value.Trim(), p, StringComparison.OrdinalIgnoreCase));

    public static bool TryMoney(string? value, out decimal amount)
    {
        amount = 0;
        if (IsEmpty(value)) return true;
        var s = value!.Trim().Replace("$", "").Replace(" ", "").Replace("\u00a0", "");
        s = NormalizeSeparators(s);
        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out amount);
    }

    public static bool TryInteger(string? value, out int number)
    {
        number = 0;
        if (!TryMoney(value, out var amount) || amount != decimal.Truncate(amount) || amount > int.MaxValue || amount < int.MinValue)
            return false;
        number = (int)amount;
        return true;
    }

    public static bool TryDate(string? value, out DateTime? date)
    {
        date = null;
        if (IsEmpty(value)) return true;
        if (DateTime.TryParseExact(value!.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            date = parsed;
            return true;
        }
        return false;
    }

    public static bool? Flag(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "si" or "sí" or "true" or "1" => true,
        "no" or "false" or "0" => false,
        _ => null,
    };

    // "1,234,567.89", "1.234.567,89", "1,826" (thousands) and "10.5" (decimal) all read as people meant them.
    static string NormalizeSeparators(string s)
    {
        int comma = s.LastIndexOf(','), dot = s.LastIndexOf('.');
        if (comma >= 0 && dot >= 0)
            return comma > dot ? s.Replace(".", "").Replace(',', '.') : s.Replace(",", "");
        if (comma >= 0) return Thousands().IsMatch(s) ? s.Replace(",", "") : s.Replace(',', '.');
        if (dot >= 0 && s.Count(c => c == '.') > 1) return s.Replace(".", "");
        if (dot >= 0 && ThousandsDot().IsMatch(s) && s.Length - dot == 4 && s.TrimStart('-').Length > 4) return s.Replace(".", "");
        return s;
    }

    [GeneratedRegex(@"^-?\d{1,3}(,\d{3})+$")]
    private static partial Regex Thousands();

    [GeneratedRegex(@"^-?\d{1,3}(\.\d{3})+$")]
    private static partial Regex ThousandsDot();
}
