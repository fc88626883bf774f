using System.Text.Json;
using System.Text.Json.Serialization;

namespace EvoPo.Coordinator.Api;

/// <summary>The JSON of the submission API, on both ends: camelCase, and NaN (a run with no fitness yet) as "NaN".</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
