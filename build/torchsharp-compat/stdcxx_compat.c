/* GCC 13 added std::ios_base_library_init() (GLIBCXX_3.4.32) and calls it from every translation unit
 * that includes <iostream>. Older libstdc++ initialises the standard streams by itself, so the call is
 * a no-op there. This library supplies that symbol for hosts whose libstdc++ predates GCC 13. */
void _ZSt21ios_base_library_initv(void) {}
