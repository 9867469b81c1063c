using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using ObrasQr.Contracts;
using ObrasQr.Reports;

namespace ObrasQr.OpenData;

/// <summary>
/// Citizens' reports as Open311 GeoReport v2 service requests, read-only (https://wiki.open311.org/GeoReport_v2/). Privacy
/// first, stricter than FixMyStreet: a report about corruption can expose its author, so what the citizen wrote (the
/// description, the place they typed or pinned) and their photos are published only when an auditor marked the report
/// publishable (<see cref="Report.Publishable"/>), and the reporter's identity never: it is not even read here.
/// </summary>
public static class Open311
{
    /// <summary>What open data publishes of each report, as <see cref="Request.Of"/> does, in the words of /privacidad and
    /// /estadisticas (one statement, so the pages never promise less or more than the data says).</summary>
    public const string WhatIsPublished = "De cada reporte se publican como datos abiertos (Open311) la categoría, si está abierto o cerrado, "
        + "la fecha de recibo, la de su último cambio y la fecha límite de respuesta, la respuesta pública y la obra de la que trata "
        + "con su dirección en SECOP II. La descripción, el lugar que usted indicó y las fotos, solo si un auditor decide publicarlos. "
        + "Quién reportó (nombre, correo, teléfono), nunca.";

    /// <summary>Open311 has two statuses: a report is open while the citizen is still owed an answer
    /// (<see cref="ReportStatus.Open"/>, the one definition), closed once answered or closed.</summary>
    public static string Status(Report report) => ReportStatus.IsOpen(report.Status) ? "open" : "closed";

    public sealed record Service(string ServiceCode, string ServiceName, string Description);

    public static IReadOnlyList<Service> Services { get; } =
        [.. ReportCategory.Labels.Select(c => new Service(c.Key, c.Value, $"Reportes ciudadanos de «{c.Value}» sobre una obra pública."))];

    /// <summary>A report as published. <paramref name="work"/> is the report's work (for its public address), when found.</summary>
    public sealed record Request(string ServiceRequestId, string Status, string? StatusNotes, string ServiceName, string ServiceCode,
        string? Description, string AgencyResponsible, DateTimeOffset RequestedDatetime, DateTimeOffset UpdatedDatetime,
        DateTimeOffset ExpectedDatetime, string? Address, string AddressId, double? Lat, double? Long, string? MediaUrl)
    {
        public static Request Of(Report r, Contract? work, string agency, string baseUrl)
        {
            var published = r.Publishable;
            return new(
                r.ReportId,
                Open311.Status(r),
                r.PublicAnswer,
                ReportCategory.Labels.GetValueOrDefault(r.Category, r.Category),
                r.Category,
                published ? r.Description : null,
                agency,
                r.ReceivedAt.ToOffset(ColombiaTime.Offset),
                (r.History.Count > 0 ? r.History[^1].At : r.ReceivedAt).ToOffset(ColombiaTime.Offset),
                // Ley 1755 de 2015: the answer is owed by the end of the deadline's day in Colombia.
                new DateTimeOffset(r.Deadline.ToDateTime(new TimeOnly(23, 59, 59)), ColombiaTime.Offset),
                // The place: where the citizen said, only when published; otherwise the work's own address from SECOP II.
                published && r.Location?.Text is { Length: > 0 } said ? said : WorkAddress(work),
                // address_id: the work the report is about (its SECOP II contract id), the key to its OC4IDS project.
                r.ContractId,
                published ? r.Location?.Lat : null,
                published ? r.Location?.Lon : null,
                published && r.Photos.Count > 0 ? $"{baseUrl}/open311/v2/requests/{r.ReportId}/media/1" : null);
        }

        static string? WorkAddress(Contract? work)
        {
            if (work is null) return null;
            var parts = new[] { work.Location, work.City, work.Department }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToList();
            return parts.Count == 0 ? null : string.Join(", ", parts);
        }
    }

    public sealed record Error(int Code, string Description);

    public const string JsonType = "application/json; charset=utf-8";
    public const string XmlType = "text/xml; charset=utf-8";

    public static byte[] Json(IReadOnlyList<Service> services) => WriteJson(w =>
    {
        w.WriteStartArray();
        foreach (var s in services)
        {
            w.WriteStartObject();
            w.WriteString("service_code", s.ServiceCode);
            w.WriteString("service_name", s.ServiceName);
            w.WriteString("description", s.Description);
            w.WriteBoolean("metadata", false);
            w.WriteString("type", "realtime");
            w.WriteString("keywords", "");
            w.WriteString("group", "Obras públicas");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static byte[] Xml(IReadOnlyList<Service> services) => WriteXml("services", w =>
    {
        foreach (var s in services)
        {
            w.WriteStartElement("service");
            Element(w, "service_code", s.ServiceCode);
            Element(w, "service_name", s.ServiceName);
            Element(w, "description", s.Description);
            Element(w, "metadata", "false");
            Element(w, "type", "realtime");
            Element(w, "keywords", "");
            Element(w, "group", "Obras públicas");
            w.WriteEndElement();
        }
    });

    public static byte[] Json(IReadOnlyList<Request> requests) => WriteJson(w =>
    {
        w.WriteStartArray();
        foreach (var r in requests)
        {
            w.WriteStartObject();
            foreach (var (name, value) in Fields(r))
                if (value is null) w.WriteNull(name);
                else if (name is "lat" or "long") w.WriteNumber(name, double.Parse(value, CultureInfo.InvariantCulture));
                else w.WriteString(name, value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static byte[] Xml(IReadOnlyList<Request> requests) => WriteXml("service_requests", w =>
    {
        foreach (var r in requests)
        {
            w.WriteStartElement("request");
            foreach (var (name, value) in Fields(r)) Element(w, name, value);
            w.WriteEndElement();
        }
    });

    public static byte[] Json(Error error) => WriteJson(w =>
    {
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteNumber("code", error.Code);
        w.WriteString("description", error.Description);
        w.WriteEndObject();
        w.WriteEndArray();
    });

    public static byte[] Xml(Error error) => WriteXml("errors", w =>
    {
        w.WriteStartElement("error");
        Element(w, "code", error.Code.ToString(CultureInfo.InvariantCulture));
        Element(w, "description", error.Description);
        w.WriteEndElement();
    });

    // The spec's field order; every field is written (null when not published) so both formats list the same names.
    static IEnumerable<(string Name, string? Value)> Fields(Request r) =>
    [
        ("service_request_id", r.ServiceRequestId),
        ("status", r.Status),
        ("status_notes", r.StatusNotes),
        ("service_name", r.ServiceName),
        ("service_code", r.ServiceCode),
        ("description", r.Description),
        ("agency_responsible", r.AgencyResponsible),
        ("service_notice", null),
        ("requested_datetime", Moment(r.RequestedDatetime)),
        ("updated_datetime", Moment(r.UpdatedDatetime)),
        ("expected_datetime", Moment(r.ExpectedDatetime)),
        ("address", r.Address),
        ("address_id", r.AddressId),
        ("zipcode", null),
        ("lat", r.Lat?.ToString("R", CultureInfo.InvariantCulture)),
        ("long", r.Long?.ToString("R", CultureInfo.InvariantCulture)),
        ("media_url", r.MediaUrl),
    ];

    static string Moment(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    static byte[] WriteJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonOut.Encoder })) write(w);
        return buffer.ToArray();
    }

    /// <summary>XmlWriter escapes text; characters XML 1.0 cannot hold at all (control characters a citizen's text may
    /// carry) are replaced rather than making the document fail half-written.</summary>
    static byte[] WriteXml(string root, Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CheckCharacters = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement(root);
            write(w);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    /// <summary>Text as XML 1.0 can hold it: characters it forbids (control characters a citizen's text may carry) become
    /// U+FFFD instead of failing the document half-written; XmlWriter escapes the rest (&lt; &amp; and quotes).</summary>
    static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        try { XmlConvert.VerifyXmlChars(text); return text; }
        catch (XmlException) { }
        var b = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { b.Append(text, i, 2); i++; }
            else b.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
        }
        return b.ToString();
    }

    static void Element(XmlWriter w, string name, string? value) => w.WriteElementString(name, Clean(value));
}
