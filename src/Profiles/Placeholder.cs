namespace ModelScale.Profiles; internal static class Placeholder { }
