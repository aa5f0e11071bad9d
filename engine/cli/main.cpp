#include <cstdio>
int main() { std::puts("harmcast: under construction"); return 0; }
