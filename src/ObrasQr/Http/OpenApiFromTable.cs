using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;
using ObrasQr.Qr;

namespace ObrasQr.Http;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, told by the route table so that a new row is described by itself: each
/// operation's id is its row's name, its summary the row's, its security the row's role, and the problems it may answer
/// follow from the row (role, body limit, path and query parameters) plus what its handler declares (<see cref="ProblemAttribute"/>).
/// </summary>
public static class OpenApiFromTable
{
    /// <summary>The security scheme's name in components: the API keys of <see cref="ApiKeys"/>.</summary>
    public const string KeyScheme = "claveDeAcceso";
    public const string ProblemSchema = "ProblemDetails";
    /// <summary>The roles whose keys an operation accepts (an admin's key may do what the office and auditors do).</summary>
    public const string RolesExtension = "x-obrasqr-roles";

    public static void Describe(OpenApiOptions options)
    {
        options.AddOperationTransformer(DescribeOperation);
        options.AddDocumentTransformer(DescribeDocument);
    }

    /// <summary>The 4xx statuses a route can answer because of its row: 400 for input it reads (a body, path or query
    /// values), 401 and 403 for a role, 404 for an address that names something, 413 always (a body over the limit, or
    /// any body where the route takes none).</summary>
    public static IEnumerable<int> ProblemsOf(HttpRoute route, bool takesParameters)
    {
        if (route.BodyLimit > 0 || takesParameters) yield return StatusCodes.Status400BadRequest;
        if (route.Role is not null)
        {
            yield return StatusCodes.Status401Unauthorized;
            yield return StatusCodes.Status403Forbidden;
        }
        if (route.Pattern.Contains('{')) yield return StatusCodes.Status404NotFound;
        yield return StatusCodes.Status413PayloadTooLarge;
    }

    /// <summary>The roles whose keys a route accepts; null when anyone may call it.</summary>
    public static string[]? RolesOf(HttpRoute route) => route.Role switch
    {
        null => null,
        Roles.Staff => Roles.All,
        var role => [.. new[] { role, Roles.Admin }.Distinct()],
    };

    /// <summary>Operations grouped by who calls them (the row's role), each group with what it is for.</summary>
    static (string Name, string Description) AudienceOf(string? role) => role switch
    {
        null => ("Público", "Sin clave: las obras, sus datos abiertos y los reportes ciudadanos."),
        Roles.Office => ("Oficina", "La oficina de contratación, con su clave: cargas de SECOP II, avances, retiros y vallas."),
        Roles.Auditor => ("Auditoría", "Los auditores, con su clave: los reportes ciudadanos y su trámite."),
        _ => ("Personal", "Cualquier persona del personal, con su clave."),
    };

    static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<HttpRoute>().FirstOrDefault() is not { } route)
            return Task.CompletedTask;
        operation.OperationId = route.Name;
        operation.Summary = route.Summary;
        operation.Tags = new HashSet<OpenApiTagReference> { new(AudienceOf(route.Role).Name, context.Document) };
        if (RolesOf(route) is { } roles)
        {
            operation.Description = "Requiere una clave de acceso ('Authorization: Bearer <clave>') con el rol "
                + string.Join(" o ", roles.Select(r => $"'{r}'")) + ".";
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray(roles.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()));
        }
        operation.Responses ??= new OpenApiResponses();
        var statuses = ProblemsOf(route, operation.Parameters is { Count: > 0 })
            .Concat(operation.Responses.Keys.Where(k => k.StartsWith('4')).Select(int.Parse)).Distinct().Order();
        foreach (var status in statuses)
            operation.Responses[status.ToString()] = new OpenApiResponse
            {
                Description = status == StatusCodes.Status413PayloadTooLarge
                    ? $"{Problems.TitleOf(status)}: " + (route.BodyLimit > 0 ? $"el contenido supera {BodyLimit.Size(route.BodyLimit)}." : "esta dirección no recibe contenido.")
                    : Problems.TitleOf(status),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [Problems.ContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
                },
            };
        // In status order, whichever added them (handler, framework, row).
        var answers = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, answer) in answers) operation.Responses[status] = answer;
        return Task.CompletedTask;
    }

    static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken _)
    {
        document.Info.Title = "ObrasQr";
        document.Info.Description = "Obras públicas, sus contratos en SECOP II y los reportes ciudadanos. " +
            "Los errores llegan como application/problem+json con el campo y la razón en español (errors). " +
            "Cada GET responde también a HEAD.";
        // The public address the billboards print, when configured; else the request's, as the framework wrote it.
        var publicUrl = context.ApplicationServices.GetRequiredService<PublicUrls>().ConfiguredBaseUrl();
        if (publicUrl != PublicUrls.Fallback) document.Servers = [new OpenApiServer { Url = publicUrl }];
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
        document.Tags = HttpContract.Routes.Where(r => r.Document).Select(r => AudienceOf(r.Role)).Distinct()
            .Select(a => new OpenApiTag { Name = a.Name, Description = a.Description }).ToHashSet();
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem(); // the framework's has no errors
        document.AddComponent<IOpenApiSecurityScheme>(KeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "La clave de acceso que la entidad entrega a cada cliente, con su rol (office, auditor o admin).",
        });
        foreach (var item in document.Paths.Values)
        {
            // HEAD answers what GET does, without the body (the description says so); listed, it would need a second
            // operationId per row.
            if (item.Operations is not { } operations) continue;
            operations.Remove(HttpMethod.Head);
            foreach (var operation in operations.Values)
            {
                // Anyone's routes say so with an empty requirement: the linter asks every operation to state its security.
                var requirement = new OpenApiSecurityRequirement();
                if (operation.Extensions?.ContainsKey(RolesExtension) == true) requirement[new OpenApiSecuritySchemeReference(KeyScheme, document)] = [];
                operation.Security = [requirement];
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The one shape of every API error (<see cref="Problems"/>).</summary>
    static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Un problema con la solicitud: el título en español, la razón y, por campo, las razones.",
        Required = new HashSet<string> { "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Por campo (propiedad JSON, campo de formulario, parámetro o encabezado), las razones en español.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
