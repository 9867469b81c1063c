using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ObrasQr.Http;

/// <summary>Reads a small JSON body with the app's JSON options, turning every way it can be wrong into a Spanish
/// reason on "body" (the framework's own binding would answer a bare 400).</summary>
public static class JsonBody
{
    public static async Task<(T? Value, FieldProblem? Problem)> ReadAsync<T>(HttpRequest request, string shape) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, new FieldProblem("body", $"Envíe {shape} como application/json."));
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted) is { } value
                ? (value, null)
                : (null, new FieldProblem("body", $"Se requiere {shape}."));
        }
        catch (JsonException e) { return (null, new FieldProblem("body", $"JSON no válido: {e.Message}")); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, new FieldProblem("body", "El contenido es demasiado grande.", StatusCodes.Status413PayloadTooLarge));
        }
    }
}
