namespace ObrasQr;

/// <summary>Everything the app reads from configuration, under the section "ObrasQr" (env: ObrasQr__*).</summary>
public sealed class ObrasQrOptions
{
    public const string Section = "ObrasQr";

    public string DataDirectory { get; set; } = "./data";

    /// <summary>What the QR codes encode; when empty, the request's own scheme and host are used.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Import the bundled demo exports (and the demo's reports and progress) into an empty store. Off unless
    /// configured: only the Development settings turn it on, so no real deployment publishes a Cartagena demo as its
    /// own data; while on, every page and the open data say that the data is a demonstration.</summary>
    public bool SeedDemoData { get; set; }

    public SyncOptions Sync { get; set; } = new();

    public ReportOptions Reports { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public TrustOptions Trust { get; set; } = new();

    public MapOptions Map { get; set; } = new();

    public OpenDataOptions OpenData { get; set; } = new();

    public MailOptions Mail { get; set; } = new();

    public Staff.StaffOptions Staff { get; set; } = new();

    public Caching.CacheOptions Cache { get; set; } = new();
    public HttpOptions Http { get; set; } = new();

    /// <summary>The chunk size an export sent in chunks is cut into (ObrasQr__ExportChunkBytes): at most
    /// <see cref="ObrasQr.Http.BodyLimit.ExportChunk"/>, at least 64 KB. Smaller only for a host whose request limit is smaller.</summary>
    public long ExportChunkBytes { get; set; } = ObrasQr.Http.BodyLimit.ExportChunk;
}

/// <summary>What the app is told about the network in front of it.</summary>
public sealed class HttpOptions
{
    /// <summary>The id of the Azure Front Door profile in front of the app (its frontDoorId, ObrasQr__Http__FrontDoorId,
    /// set by infra-bicep): only a request carrying it in X-Azure-FDID is believed about its client (docs/front-door.md).</summary>
    public string? FrontDoorId { get; set; }
}

/// <summary>How the open data identifies itself (OC4IDS: https://standard.open-contracting.org/infrastructure/).</summary>
public sealed class OpenDataOptions
{
    /// <summary>The OC4IDS project id prefix the entity registered with the Open Contracting Partnership (e.g.
    /// "oc4ids-bu3kcz"). Until it registers one, project ids use <see cref="UnregisteredPrefix"/> and the package's
    /// publicationPolicy says the ids are not yet globally unique.</summary>
    public string? ProjectPrefix { get; set; }

    public const string UnregisteredPrefix = "oc4ids-obrasqr";

    /// <summary>The URL of the license the entity publishes its data under (OC4IDS package "license"); none by default:
    /// which license applies is the entity's decision, not ObrasQr's to claim.</summary>
    public string? License { get; set; }
}

/// <summary>
/// Who publishes the site and who receives the reports, shown on every page and in the privacy notice (Ley 1581 de
/// 2012 art. 17 and Decreto 1377 de 2013 art. 13: the notice names the party responsible for the data and how to reach it).
/// One deployment serves one entity, as the sync does (<see cref="SyncOptions.EntityNit"/>).
/// </summary>
/// <summary>The tiles under the works map (/mapa): any XYZ tile server; its attribution is shown on the map as its terms ask.</summary>
public sealed class MapOptions
{
    /// <summary>An XYZ template, {s} allowed for subdomains. OpenStreetMap's own servers ask heavy users to run or rent their own.</summary>
    public string TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public string Attribution { get; set; } = "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>";
}

public sealed class TrustOptions
{
    // No defaults: a deployment names itself (StartupChecks requires these in Production); the demo's Cartagena values
    // live in the server's appsettings.Development.json.
    /// <summary>The entity that publishes the site and is responsible for the reporters' data.</summary>
    public string EntityName { get; set; } = "";
    public string? EntityNit { get; set; }
    /// <summary>The office that receives and answers the reports.</summary>
    public string OfficeName { get; set; } = "";
    public string Email { get; set; } = "";
    /// <summary>Where to file a request in person or by mail.</summary>
    public string Address { get; set; } = "";
    public string? Phone { get; set; }
    /// <summary>When citizens are attended in person and by phone ("horario de atención"), shown in every page's footer
    /// (Resolución MinTIC 1519 de 2020, Anexo 2, 2.2).</summary>
    public string? OpeningHours { get; set; }
    /// <summary>The GOV.CO top bar linking to www.gov.co that state entities' sites carry (Anexo 2, 2.1); false for a
    /// publisher that is not a state entity.</summary>
    public bool GovCoBar { get; set; } = true;
    /// <summary>The entity's terms of use and policies page ("términos y condiciones", "políticas"), linked from the
    /// footer beside the privacy notice.</summary>
    public string? TermsUrl { get; set; }
}

public sealed class SyncOptions
{
    /// <summary>Six-field NCRONTAB (with seconds), in UTC, same as the Functions timer. 05:00 in Colombia.</summary>
    public string Schedule { get; set; } = "0 0 10 * * *";
    /// <summary>The SODA API: a host (https://www.datos.gov.co) or the dataset's resource URL (…/resource/jbjy-vk9h.json).
    /// With <see cref="EntityNit"/>, the sync pulls that entity's changed contracts; without either, it does not.</summary>
    public string? SodaBaseUrl { get; set; }
    /// <summary>One entity to pull (the first setting, kept working); <see cref="EntityNits"/> lists more.</summary>
    public string? EntityNit { get; set; }
    /// <summary>Entities whose contracts the sync pulls (ObrasQr__Sync__EntityNits__0, __1, …): a departmental office
    /// serves several municipalities. Each keeps its own watermark.</summary>
    public List<string> EntityNits { get; set; } = [];

    /// <summary>Every configured entity NIT, <see cref="EntityNit"/> first, each once.</summary>
    public IReadOnlyList<string> Entities() =>
        [.. new[] { EntityNit }.Concat(EntityNits).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()).Distinct(StringComparer.Ordinal)];
    /// <summary>Socrata app token (X-App-Token); optional, without it throttling is per IP.</summary>
    public string? AppToken { get; set; }
    /// <summary>Rows per SODA page ($limit), from 1 to 50,000 (SODA's maximum).</summary>
    public int PageSize { get => pageSize; set => pageSize = Math.Clamp(value, 1, 50_000); }
    int pageSize = 1000;
    /// <summary>Tries per page on HTTP 429, 5xx or a network error before the run stops (it resumes on the next run).</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>First wait between tries, doubled each time, unless the server says Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>How long one request to SODA may take, headers and body, before it counts as a failed try.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>The longest wait between tries, whatever Retry-After says.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);
}

public sealed class ReportOptions
{
    /// <summary>Accepted submissions one address may make in any hour; 0 turns the limit off (rule in docs/reports.md).</summary>
    public int MaxPerClientPerHour { get; set; } = 60;

    /// <summary>Accepted submissions one address may make in any minute (the burst); 0 turns this part off.</summary>
    public int MaxPerClientPerMinute { get; set; } = 10;

    /// <summary>Tracking-code lookups one address may make per minute (API and page); 0 turns the limit off.</summary>
    public int MaxLookupsPerClientPerMinute { get; set; } = 30;

    /// <summary>6-field cron (UTC) of the sweep of expired held photos in the file store, whichever instance held them
    /// (the server's scheduler and the Functions timer read it).</summary>
    public string HeldPhotoSweep { get; set; } = "0 */15 * * * *";

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For is believed; from any other peer it is ignored.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>AES-256-GCM keys for reporters' identities; the first encrypts, all decrypt (rotation).</summary>
    public List<IdentityKeyOptions> IdentityKeys { get; set; } = [];

    /// <summary>
    /// Reusable public answers the auditors' desk offers, by a short key (ObrasQr__Reports__AnswerTemplates__KEY__Title
    /// and __Text). Configuration replaces a default by its key or adds new ones; an empty Text hides a default.
    /// </summary>
    public Dictionary<string, AnswerTemplate> AnswerTemplates { get; set; } = AnswerTemplate.Defaults();
}

/// <summary>A public answer an auditor starts from and adapts; the citizen reads it on /seguimiento.</summary>
public sealed class AnswerTemplate
{
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";

    public static Dictionary<string, AnswerTemplate> Defaults() => new()
    {
        ["en-revision"] = new()
        {
            Title = "Recibido y en revisión",
            Text = "Recibimos su reporte y lo estamos revisando. Le responderemos por este medio antes de la fecha límite que aparece en esta página.",
        },
        ["visita"] = new()
        {
            Title = "Visita de verificación",
            Text = "Visitamos la obra y verificamos lo que nos contó. Pedimos al contratista y a la interventoría corregir lo encontrado y seguiremos vigilando que lo hagan.",
        },
        ["sin-irregularidad"] = new()
        {
            Title = "Sin irregularidad encontrada",
            Text = "Revisamos la obra y los documentos del contrato y no encontramos la irregularidad reportada. Si tiene nuevas pruebas (fotos, fechas, lugar), envíe un nuevo reporte.",
        },
        ["sin-pruebas"] = new()
        {
            Title = "Reporte anónimo sin pruebas",
            Text = "Su reporte es anónimo y no trae fotos ni un lugar que permitan verificarlo (Ley 962 de 2005, art. 81). Si puede, envíe un nuevo reporte con fotos o la ubicación exacta.",
        },
        ["traslado"] = new()
        {
            Title = "Trasladado a otra autoridad",
            Text = "El asunto que reporta no es de competencia de esta entidad. Trasladamos su reporte a la autoridad competente que aparece en esta página, que le dará respuesta (Ley 1755 de 2015, art. 21).",
        },
    };
}

public sealed class IdentityKeyOptions
{
    /// <summary>A short name stored with each ciphertext, so the right key decrypts it after a rotation.</summary>
    public string Id { get; set; } = "";
    /// <summary>32 random bytes in base64 (e.g. openssl rand -base64 32). Keep it in a secret store, not in files.</summary>
    public string Key { get; set; } = "";
}

public sealed class AuthOptions
{
    public List<ApiKeyOptions> Keys { get; set; } = [];
}

public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    /// <summary>The one entity (NIT) the key may see; empty for every entity of the deployment.</summary>
    public string? EntityNit { get; set; }
    /// <summary>Hex SHA-256 of the key: configuration never holds the key itself.</summary>
    public string Sha256 { get; set; } = "";
}
