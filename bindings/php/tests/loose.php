<?php

// No declare(strict_types=1) here, as in most PHP code: a call made from this file has its
// arguments converted to the parameter types PHP's way (a float 15000.5 for a string|int
// parameter becomes the int 15000), so the tests see what such a caller gets.

function loosely(callable $call, mixed ...$args): mixed
{
    return $call(...$args);
}
