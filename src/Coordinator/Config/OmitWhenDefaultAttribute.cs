namespace EvoPo.Coordinator.Config;

/// <summary>
/// A key added after runs were journaled: <see cref="SearchConfigLoader.ToYaml"/> writes it only when it differs from its
/// default, so the canonical config of a run that never set it reads as it did before the key existed (the text that
/// <c>evopo search --run-id</c> and <c>evopo experiment</c> compare a config with).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OmitWhenDefaultAttribute : Attribute;
