using System.Runtime.CompilerServices;

// Kernels stackalloc scratch tiles on every call and always write them before reading: zeroing them first is waste.
[module: SkipLocalsInit]
