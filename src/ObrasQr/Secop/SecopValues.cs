using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ObrasQr.Secop;

/// <summary>Reading SECOP's values as they come in real exports: "$10,979,236,356", "1,826", "09/18/2023 12:00:00 AM".</summary>
public static partial class SecopValues
{
    // Words SECOP and spreadsheets put where there is no value: read as "no value", never as data.
    static readonly string[] Placeholders =
        ["N/D", "ND", "N/A", "NA", "No aplica", "No Definido", "No definida", "Sin Descripcion", "Sin Descripción", "Sin dato", "NULL", "-"];

    /// <summary>Longest cell kept: a longer one is cut, so a hostile file cannot make one row huge.</summary>
    public const int MaxCellChars = 8_000;

    // Spanish month abbreviations, as a spreadsheet in a Spanish locale writes them ("2023 ago 09 12:00:00 AM").
    static readonly string[] SpanishMonths = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];

    static readonly string[] DateFormats =
    [
        // SECOP writes month first; a one-digit part is how spreadsheets re-save it ("9/07/2022" is 7 September).
        "M/d/yyyy h:mm:ss tt", "M/d/yyyy hh:mm:ss tt", "M/d/yyyy H:mm:ss", "M/d/yyyy HH:mm:ss", "M/d/yyyy H:mm", "M/d/yyyy",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd H:mm:ss", "yyyy-MM-dd",
        "yyyy MM dd hh:mm:ss tt", "yyyy MM dd h:mm:ss tt", "yyyy MM dd HH:mm:ss", "yyyy MM dd",
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
        var text = SpanishMonth(value!.Trim().Replace("a. m.", "AM").Replace("p. m.", "PM").Replace("a.m.", "AM").Replace("p.m.", "PM"));
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            date = parsed;
            return Plausible(parsed);
        }
        // A spreadsheet that turned the date into its number: days since 30 December 1899 (Excel's 1900 system).
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && serial is >= 20_000 and <= 80_000)
        {
            date = new DateTime(1899, 12, 30).AddDays(Math.Floor(serial));
            return true;
        }
        return false;
    }

    // Contracts of SECOP II are from 2015 on; a year far outside that is a typo, not a date to publish.
    static bool Plausible(DateTime date) => date.Year is >= 1990 and <= 2100;

    // "2023 ago 09" -> "2023 08 09": a Spanish abbreviation (with or without a dot) becomes the month number.
    static string SpanishMonth(string text)
    {
        for (var m = 0; m < SpanishMonths.Length; m++)
        {
            var at = text.IndexOf(SpanishMonths[m], StringComparison.OrdinalIgnoreCase);
            if (at <= 0 || (at + 3 < text.Length && char.IsLetter(text[at + 3]))) continue;
            var end = at + 3 < text.Length && text[at + 3] == '.' ? at + 4 : at + 3;
            return text[..at] + (m + 1).ToString("00", CultureInfo.InvariantCulture) + text[end..];
        }
        return text;
    }

    /// <summary>A NIT or id as digits only: "890.480.184,00", "890480184-1" and "8,9048E+08" come from spreadsheets.
    /// The check digit after a dash is kept apart by SECOP in its own column, so it is dropped here.</summary>
    public static string? Document(string? value)
    {
        if (IsEmpty(value)) return null;
        var s = value!.Trim();
        // Letters mean a passport or foreign id: keep it as written, only trimmed.
        if (s.Any(char.IsLetter) && !s.Contains("E+", StringComparison.OrdinalIgnoreCase)) return s;
        if (s.Contains("E+", StringComparison.OrdinalIgnoreCase)) return null; // a spreadsheet rounded it away: the digits are lost
        var dash = s.IndexOf('-');
        if (dash > 0) s = s[..dash];
        // A trailing ",00" or ".00" is a spreadsheet's decimals, not part of the number.
        if (s.Length > 3 && s[^3] is ',' or '.' && s[^2..] == "00") s = s[..^3];
        var digits = new string(s.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null : digits;
    }

    /// <summary>urlproceso as SODA gives it, as a URL, or as a spreadsheet's text of the object ("{'url': 'https://…'}").</summary>
    public static string? Url(string? value)
    {
        if (IsEmpty(value)) return null;
        var s = value!.Trim();
        var http = s.IndexOf("http", StringComparison.OrdinalIgnoreCase);
        if (http > 0 && s[0] == '{')
        {
            var end = s.IndexOfAny(['\'', '"', '}', ' '], http);
            s = end > http ? s[http..end] : s[http..];
        }
        return Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.ToString() : null;
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
